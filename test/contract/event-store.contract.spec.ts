import { reachableEventStores } from '../support/event-store-targets.ts';
import { describeEventStoreContract } from './event-store.contract.ts';

const { targets, notRun } = reachableEventStores();
for (const line of notRun) console.log(line);
for (const target of targets) describeEventStoreContract(target);
