import calculateSlot from 'cluster-key-slot';
import { entityChannels, eventChannel, partitionOf } from './event-channels';

describe('event channels', () => {
  it('names a partition channel <prefix>:events:{<entity>:p<n>}, one hash tag per partition', () => {
    expect(eventChannel('fc', 'user', partitionOf(15, 8))).toBe('fc:events:{user:p7}');
  });

  it('spreads partitions over many slots', () => {
    const slots = new Set(entityChannels('fc', 'product', 8).map((c) => calculateSlot(c)));
    expect(slots.size).toBe(8);
  });
});
