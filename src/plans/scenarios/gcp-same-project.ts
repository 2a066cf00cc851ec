/**
 * GCP ↔ GCP, same project: a GCP peering is two halves, one created from each network; each reads
 * INACTIVE until the other exists, then both read ACTIVE
 * (https://cloud.google.com/vpc/docs/using-vpc-peering).
 */
import { gcpPairScenario } from '../pairs/gcp';

export const gcpSameProject = gcpPairScenario('gcp-same-project', false);
