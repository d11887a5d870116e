/** Types of cluster-key-slot (bundled with ioredis): the Redis Cluster CRC16 slot of a key. */
declare module 'cluster-key-slot' {
  export default function calculateSlot(key: string): number;
}
