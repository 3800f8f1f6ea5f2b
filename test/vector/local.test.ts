import { vectorStoreSuite } from "./suite";
import { localHarness } from "./support/harness";

vectorStoreSuite(localHarness);
