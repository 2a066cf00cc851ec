/**
 * The providers' public documentation the scenarios follow: one place for
 * every URL, so a page that moves is one edit. Step reasons, input help and
 * validation messages name a page and its section with `cite` ("Dragonfly
 * Cloud docs, Peering Connections → Azure, step 6"); a plan's `source`, which
 * the wizard's summary and the scripts' header show, adds the URL (`citeUrl`).
 *
 * Titles and section names are those of the edition the rules were written
 * from; the live pages have since been reworded (Aiven's is now "Set up a
 * project VPC peering with UpCloud", its sections "Create the peering in
 * Aiven / in UpCloud"), so check them there when a rule changes.
 *
 * Where the pages were found (their published sources):
 * - Dragonfly Cloud: github.com/dragonflydb/documentation, docs/cloud/connections.md
 *   (the AWS and GCP sections link themselves as #aws and #gcp; the Azure
 *   section is "Azure (Private Beta)").
 * - EMQX BYOC and EMQX Cloud: github.com/emqx/cloud-docs,
 *   en_US/deployments/byoc_vpc_peering.md and en_US/deployments/vpc_peering.md.
 *   The EMQX Cloud rules here follow the page's "EMQ X Cloud" edition
 *   (precaution 2: no CIDR in 100.0.0.0/8 or 101.0.0.0/8); later editions of
 *   the same page list other ranges.
 * - Aiven ↔ UpCloud: github.com/aiven/aiven-docs,
 *   docs/platform/howto/vpc-peering-upcloud.md (its "Set up VPC peering from
 *   Aiven" section carries the explicit anchor #avn-uuid).
 */

export interface ProviderDoc {
  /** How text names the page: the provider's docs and the page's title. */
  readonly title: string;
  readonly url: string;
}

export const PROVIDER_DOCS = {
  /** Dragonfly Cloud ↔ AWS, GCP and Azure (sections AWS, GCP, Azure). */
  dragonfly: {
    title: 'Dragonfly Cloud docs, Peering Connections',
    url: 'https://www.dragonflydb.io/docs/cloud/connections',
  },
  /** EMQX BYOC on AWS and GCP (Precautions; VPC Peering Connection in AWS / in GCP). */
  emqxByoc: {
    title: 'EMQX BYOC docs, Create VPC Peering Connections',
    url: 'https://docs.emqx.com/en/cloud/latest/deployments/byoc_vpc_peering.html',
  },
  /** EMQX Cloud (dedicated) ↔ AWS (Precautions; AWS Cloud VPC Peering Connection). */
  emqxCloud: {
    title: 'EMQX Cloud docs, VPC Peering Connections',
    url: 'https://docs.emqx.com/en/cloud/latest/deployments/vpc_peering.html',
  },
  /** Aiven ↔ UpCloud and UpCloud ↔ UpCloud network peerings. */
  aivenUpcloud: {
    title: 'Aiven docs, Set up VPC peering on UpCloud',
    url: 'https://aiven.io/docs/platform/howto/vpc-peering-upcloud',
  },
  /** "Renew a DHCP lease": servers created before the peering learn its routes on renewal. */
  aivenUpcloudDhcp: {
    title: 'Aiven docs, Set up VPC peering on UpCloud: Renew a DHCP lease',
    url: 'https://aiven.io/docs/platform/howto/vpc-peering-upcloud#renew-a-dhcp-lease',
  },
  /** AWS's own guide, linked from the EMQX BYOC page's AWS section. */
  awsPeering: {
    title: 'the AWS VPC peering guide',
    url: 'https://docs.aws.amazon.com/vpc/latest/peering/working-with-vpc-peering.html',
  },
  /** Microsoft's own guide, linked from the Dragonfly Cloud page's Azure section. */
  azurePeering: {
    title: 'the Azure virtual network peering guide',
    url: 'https://learn.microsoft.com/en-us/azure/virtual-network/virtual-network-peering-overview',
  },
  /** Google's own guide, linked from the EMQX BYOC page's GCP section. */
  gcpPeering: {
    title: 'the GCP VPC Network Peering guide',
    url: 'https://cloud.google.com/vpc/docs/using-vpc-peering',
  },
  // ---- The Peering Doctor's checks (issue 13): each finding cites the page its rule comes from.
  /** Route tables for a peering: a route per peer CIDR in every table that serves the subnets. */
  awsPeeringRoutes: {
    title: 'AWS VPC peering guide, Update your route tables for a VPC peering connection',
    url: 'https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html',
  },
  /** Subnet route table associations, the main route table, longest prefix match. */
  awsRouteTables: {
    title: 'Amazon VPC User Guide, Configure route tables',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html',
  },
  /** Security group rules that allow traffic from the peer VPC's CIDR. */
  awsPeeringSecurityGroups: {
    title: 'AWS VPC peering guide, Update your security groups to reference peer security groups',
    url: 'https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html',
  },
  /** Network ACLs: numbered rules, evaluated lowest first, stateless, ephemeral ports. */
  awsNetworkAcls: {
    title: 'Amazon VPC User Guide, Control subnet traffic with network access control lists',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html',
  },
  /** AllowDnsResolutionFromRemoteVpc. */
  awsPeeringDns: {
    title: 'AWS VPC peering guide, Enable DNS resolution for a VPC peering connection',
    url: 'https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-dns.html',
  },
  /**
   * The VPC attributes a peering's DNS resolution needs ("Both VPCs must be enabled for DNS
   * hostnames and DNS resolution", on the peering guide's DNS section).
   */
  awsVpcDnsAttributes: {
    title: 'Amazon VPC User Guide, DNS attributes for your VPC',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/AmazonDNS-concepts.html#vpc-dns-support',
  },
  /** The peering guide's DNS section, where both VPCs' DNS attributes are a requirement. */
  awsPeeringDnsOptions: {
    title: 'AWS VPC peering guide, Modify VPC peering connection options → Enable DNS resolution',
    url: 'https://docs.aws.amazon.com/vpc/latest/peering/modify-peering-connections.html#vpc-peering-dns',
  },
  /** Overlapping CIDR blocks, transitive peering, edge-to-edge routing. */
  awsPeeringUnsupported: {
    title: 'AWS VPC peering guide, VPC peering limitations',
    url: 'https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html#vpc-peering-limitations',
  },
  /** peeringSyncLevel and syncing a peering after an address-space change. */
  azureAddressSpace: {
    title: 'Azure docs, Update the address space for a peered virtual network',
    url: 'https://learn.microsoft.com/en-us/azure/virtual-network/update-virtual-network-peering-address-space',
  },
  /** Priorities and the default rules (AllowVnetInBound, DenyAllInBound, …). */
  azureNsg: {
    title: 'Azure docs, Network security groups',
    url: 'https://learn.microsoft.com/en-us/azure/virtual-network/network-security-groups-overview',
  },
  /** System routes, user-defined routes and their next hop types, longest-prefix selection. */
  azureUdr: {
    title: 'Azure docs, Virtual network traffic routing',
    url: 'https://learn.microsoft.com/en-us/azure/virtual-network/virtual-networks-udr-overview',
  },
  /** Peering settings: virtual network access, forwarded traffic, gateway transit, remote gateways. */
  azurePeeringSettings: {
    title: 'Azure docs, Create, change, or delete a virtual network peering',
    url: 'https://learn.microsoft.com/en-us/azure/virtual-network/virtual-network-manage-peering',
  },
  /** Priorities, deny rules, implied rules, target tags. */
  gcpFirewall: {
    title: 'Google Cloud docs, VPC firewall rules',
    url: 'https://cloud.google.com/firewall/docs/firewalls',
  },
  /** Both halves, custom route import and export, overlapping subnets. */
  gcpPeeringRoutes: {
    title: 'Google Cloud docs, VPC Network Peering',
    url: 'https://cloud.google.com/vpc/docs/vpc-peering',
  },
  /** SDN private networks, routers and network peerings (API 1.3). */
  upcloudNetworks: {
    title: 'UpCloud API docs, Networks',
    url: 'https://developers.upcloud.com/1.3/13-networks/',
  },
  /** "The firewall rules can be applied to the Public and Utility network traffic, SDN private networks are excluded." */
  upcloudFirewall: {
    title: 'UpCloud docs, Firewall',
    url: 'https://upcloud.com/docs/products/networking/features/firewall/',
  },
} as const satisfies Record<string, ProviderDoc>;

/** "Dragonfly Cloud docs, Peering Connections → Azure, step 6": where a rule comes from, in words. */
export function cite(doc: ProviderDoc, section?: string): string {
  return section ? `${doc.title} → ${section}` : doc.title;
}

/** `cite` with the page's address (and a section anchor the page itself defines). */
export function citeUrl(doc: ProviderDoc, section?: string, anchor?: string): string {
  return `${cite(doc, section)} (${doc.url}${anchor ? `#${anchor}` : ''})`;
}
