/**
 * How long CloudFormation typically takes to create, update and delete a resource of each
 * type, in seconds: what `berth sandbox --provisioning-times` holds a stack's operation
 * for (divided by --speed), since moto creates everything at once
 * (docs/architecture.md, "How the sandbox stands in for AWS").
 *
 * The figures are the usual durations between a resource's *_IN_PROGRESS and *_COMPLETE
 * events in CloudFormation, rounded; where AWS documents a range, its middle:
 * - Aurora: a cluster and its instance take 10 to 20 minutes together (AWS's own
 *   agent-toolkit-for-aws, skill creating-amazon-aurora-db-cluster-with-instances,
 *   https://github.com/aws/agent-toolkit-for-aws); the instance is most of it.
 * - NAT gateway: `pending` until `available`, a minute or two
 *   (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-working-with.html).
 * - Application Load Balancer: `provisioning` until `active`, a few minutes
 *   (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-state).
 * - ElastiCache replication group and EFS mount targets: minutes, like the database.
 * - ECS service: CloudFormation waits for the service to reach a steady state
 *   (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html).
 * - IAM roles and instance profiles: CloudFormation waits for them to propagate
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency).
 * - Custom resources: a Lambda invocation and its response (berth's run SQL through the RDS Data API).
 * Anything else (security groups and their rules, log groups, alarms, policies, listeners,
 * rules, parameters, secrets, topics) completes in seconds: DEFAULT_SECONDS.
 */
export interface ProvisioningSeconds {
  create: number;
  /** An update in place (default: UPDATE_DEFAULT_SECONDS, or create when it is shorter). */
  update?: number;
  /** A deletion, in an update's cleanup (default: as update). */
  delete?: number;
}

export const DEFAULT_SECONDS = 5;
const UPDATE_DEFAULT_SECONDS = 10;

const DURATIONS: Record<string, ProvisioningSeconds> = {
  "AWS::EC2::VPC": { create: 15 },
  "AWS::EC2::InternetGateway": { create: 15 },
  "AWS::EC2::VPCGatewayAttachment": { create: 15 },
  "AWS::EC2::Subnet": { create: 10 },
  "AWS::EC2::RouteTable": { create: 10 },
  "AWS::EC2::Route": { create: 10 },
  "AWS::EC2::SubnetRouteTableAssociation": { create: 5 },
  "AWS::EC2::VPCEndpoint": { create: 60, delete: 60 },
  "AWS::EC2::EIP": { create: 10 },
  "AWS::EC2::NatGateway": { create: 100, delete: 60 },
  "AWS::EC2::FlowLog": { create: 10 },
  "AWS::ElasticLoadBalancingV2::LoadBalancer": { create: 180, update: 20, delete: 30 },
  "AWS::ElasticLoadBalancingV2::TargetGroup": { create: 10 },
  "AWS::ECS::Cluster": { create: 10 },
  "AWS::ECS::Service": { create: 180, update: 180, delete: 120 },
  "AWS::RDS::DBSubnetGroup": { create: 10 },
  "AWS::RDS::DBClusterParameterGroup": { create: 10 },
  "AWS::RDS::DBCluster": { create: 240, update: 120, delete: 120 },
  "AWS::RDS::DBInstance": { create: 600, update: 300, delete: 360 },
  "AWS::ElastiCache::ReplicationGroup": { create: 600, update: 300, delete: 300 },
  "AWS::EFS::FileSystem": { create: 15 },
  "AWS::EFS::MountTarget": { create: 90, delete: 60 },
  "AWS::IAM::Role": { create: 15 },
  "AWS::IAM::InstanceProfile": { create: 120 },
  "AWS::Lambda::Function": { create: 10 },
  "AWS::SQS::Queue": { create: 30, delete: 60 },
  "AWS::S3::Bucket": { create: 20 },
  "AWS::DynamoDB::Table": { create: 20 },
  "AWS::WAFv2::WebACLAssociation": { create: 30 },
  "AWS::ECR::Repository": { create: 5 },
};

/** A resource type's durations: an unknown type DEFAULT_SECONDS, a custom resource 30 s. */
export function provisioningSeconds(type: string): Required<ProvisioningSeconds> {
  const known = DURATIONS[type] ?? { create: type.startsWith("Custom::") ? 30 : DEFAULT_SECONDS };
  const update = known.update ?? Math.min(known.create, UPDATE_DEFAULT_SECONDS);
  return { create: known.create, update, delete: known.delete ?? update };
}
