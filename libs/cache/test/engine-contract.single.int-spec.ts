import { engineContract } from './engine-contract';
import { ENGINE_TARGETS } from './engine-targets';

engineContract(ENGINE_TARGETS.single);
