/**
 * Resource types the installed moto (5.2.1) does not create from a CloudFormation
 * template, measured by creating a stack with each: moto logs "No Moto CloudFormation
 * support for <type>", marks the stack CREATE_COMPLETE without the resource, drops Outputs
 * that Ref it, and fails with HTTP 500 on a Fn::GetAtt to it.
 * Measured by hand against moto 5.2.1 when the sandbox was built; re-measure after a moto upgrade.
 */
export const UNMODELLED_TYPES: ReadonlySet<string> = new Set([
  "AWS::ApplicationAutoScaling::ScalableTarget",
  "AWS::ApplicationAutoScaling::ScalingPolicy",
  "AWS::CertificateManager::Certificate",
  "AWS::CloudWatch::Alarm",
  "AWS::CloudWatch::CompositeAlarm",
  "AWS::EC2::SecurityGroupEgress",
  // Read from moto 5.2.1's source: its ElastiCache models have no CloudFormationModel.
  "AWS::ElastiCache::ReplicationGroup",
  "AWS::ElastiCache::SubnetGroup",
  "AWS::ECS::CapacityProvider",
  "AWS::ECS::ClusterCapacityProviderAssociations",
  "AWS::ElasticLoadBalancingV2::ListenerCertificate",
  "AWS::Logs::MetricFilter",
  "AWS::RDS::DBCluster",
  // Read from moto 5.2.1's source (no CloudFormationModel for either), not measured by a stack.
  "AWS::RDS::DBClusterParameterGroup",
  "AWS::S3::BucketPolicy",
  "AWS::SNS::TopicPolicy",
  "AWS::SQS::QueuePolicy",
  "AWS::Scheduler::Schedule",
  "AWS::Scheduler::ScheduleGroup",
  "AWS::SecretsManager::Secret",
  "AWS::ServiceDiscovery::PrivateDnsNamespace",
  "AWS::WAFv2::WebACL",
  "AWS::WAFv2::WebACLAssociation",
]);

/**
 * moto models AWS::RDS::DBInstance, but one in an Aurora cluster (engine aurora-*,
 * db.serverless) fails the whole CreateStack with HTTP 500 (KeyError on the engine).
 */
export function isUnmodelled(type: string, properties: Record<string, unknown> | undefined): boolean {
  // moto answers a custom resource by invoking its Lambda function in Docker, which the sandbox does not run.
  if (UNMODELLED_TYPES.has(type) || type.startsWith("Custom::")) return true;
  if (type !== "AWS::RDS::DBInstance") return false;
  const engine = properties?.Engine;
  return (typeof engine === "string" && engine.startsWith("aurora")) || properties?.DBClusterIdentifier !== undefined;
}
