/** A Redis node as the cluster lists it. */
export interface ListedNode {
  /** `host:port` the node is reached at. */
  address: string;
  role: 'master' | 'replica';
  /** The cluster has marked it failed (or it has no address): it is down without being asked. */
  failed: boolean;
}

/**
 * Parses `CLUSTER NODES`: `<id> <ip:port@cport[,hostname]> <flags> <master> …` per line. Nodes in handshake are left
 * out (they are not members yet).
 */
export function parseClusterNodes(text: string): ListedNode[] {
  const nodes: ListedNode[] = [];
  for (const line of text.split('\n')) {
    const [, endpoint, flagList] = line.trim().split(' ');
    if (!endpoint || !flagList) continue;
    const flags = new Set(flagList.split(','));
    if (flags.has('handshake')) continue;
    const address = endpoint.split(',')[0].split('@')[0];
    nodes.push({
      address,
      role: flags.has('master') ? 'master' : 'replica',
      failed: flags.has('fail') || flags.has('noaddr') || address.startsWith(':'),
    });
  }
  return nodes;
}
