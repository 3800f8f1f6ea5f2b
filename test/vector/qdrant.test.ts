import { vectorStoreSuite } from "./suite";
import { qdrantHarness } from "./support/harness";

vectorStoreSuite(qdrantHarness);
