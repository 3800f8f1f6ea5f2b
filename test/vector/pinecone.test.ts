import { vectorStoreSuite } from "./suite";
import { pineconeHarness } from "./support/harness";

vectorStoreSuite(pineconeHarness);
