import { entityCacheContract } from './entity-cache.contract';

entityCacheContract('single');
