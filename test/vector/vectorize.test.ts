import { vectorStoreSuite } from "./suite";
import { vectorizeHarness } from "./support/harness";

vectorStoreSuite(vectorizeHarness);
