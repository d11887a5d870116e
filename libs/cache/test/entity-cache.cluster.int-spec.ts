import { entityCacheContract } from './entity-cache.contract';

entityCacheContract('cluster');
