/**
 * Plausible values for Ref and Fn::GetAtt on a resource the sandbox only pretends to
 * create, shaped like AWS's so that code reading outputs (ARNs, endpoints, ports) works.
 * Return values per type: the "Return values" section of each resource's page in
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html
 */
export interface StandInContext {
  stackName: string;
  region: string;
  accountId: string;
}

interface Resource {
  logicalId: string;
  type: string;
  properties: Record<string, unknown>;
}

function nameOf(resource: Resource, context: StandInContext, property: string): string {
  const given = resource.properties[property];
  return typeof given === "string" ? given : `${context.stackName}-${resource.logicalId}`.toLowerCase();
}

/** What Ref returns for the resource. */
export function standInRef(resource: Resource, context: StandInContext): string {
  const { region, accountId } = context;
  switch (resource.type) {
    case "AWS::RDS::DBCluster":
      return nameOf(resource, context, "DBClusterIdentifier");
    case "AWS::RDS::DBInstance":
      return nameOf(resource, context, "DBInstanceIdentifier");
    case "AWS::SecretsManager::Secret":
      return `arn:aws:secretsmanager:${region}:${accountId}:secret:${nameOf(resource, context, "Name")}-Sandbx`;
    case "AWS::CloudWatch::Alarm":
    case "AWS::CloudWatch::CompositeAlarm":
      return nameOf(resource, context, "AlarmName");
    case "AWS::ApplicationAutoScaling::ScalableTarget":
      // "Ref returns the CloudFormation-generated ID of the resource": resource|dimension|namespace.
      return [
        resource.properties.ResourceId,
        resource.properties.ScalableDimension,
        resource.properties.ServiceNamespace,
      ]
        .map((p) => (typeof p === "string" ? p : "sandbox"))
        .join("|");
    case "AWS::ApplicationAutoScaling::ScalingPolicy":
      return `arn:aws:autoscaling:${region}:${accountId}:scalingPolicy:sandbox:resource/${nameOf(resource, context, "PolicyName")}`;
    case "AWS::Scheduler::ScheduleGroup":
    case "AWS::Scheduler::Schedule":
      return nameOf(resource, context, "Name");
    case "AWS::CertificateManager::Certificate":
      return `arn:aws:acm:${region}:${accountId}:certificate/${resource.logicalId.toLowerCase()}-sandbox`;
    default:
      return `${context.stackName}-${resource.logicalId}-sandbox`;
  }
}

/** What Fn::GetAtt returns for the resource's attribute. */
export function standInAttribute(resource: Resource, attribute: string, context: StandInContext): string {
  const { region, accountId } = context;
  const id = standInRef(resource, context);
  const engine = resource.properties.Engine;
  const port = typeof engine === "string" && engine.includes("mysql") ? "3306" : "5432";
  switch (`${resource.type}.${attribute}`) {
    case "AWS::RDS::DBCluster.Endpoint.Address":
      return `${id}.cluster-sandbox.${region}.rds.amazonaws.com`;
    case "AWS::RDS::DBCluster.ReadEndpoint.Address":
      return `${id}.cluster-ro-sandbox.${region}.rds.amazonaws.com`;
    case "AWS::RDS::DBInstance.Endpoint.Address":
      return `${id}.sandbox.${region}.rds.amazonaws.com`;
    case "AWS::RDS::DBCluster.Endpoint.Port":
    case "AWS::RDS::DBInstance.Endpoint.Port":
      return port;
    case "AWS::RDS::DBCluster.MasterUserSecret.SecretArn":
      return `arn:aws:secretsmanager:${region}:${accountId}:secret:rds!cluster-${id}-Sandbx`;
    case "AWS::RDS::DBCluster.DBClusterArn":
      return `arn:aws:rds:${region}:${accountId}:cluster:${id}`;
    case "AWS::RDS::DBInstance.DBInstanceArn":
      return `arn:aws:rds:${region}:${accountId}:db:${id}`;
    case "AWS::ElastiCache::ReplicationGroup.PrimaryEndPoint.Address":
      return `master.${id}.sandbox.${region}.cache.amazonaws.com`;
    case "AWS::ElastiCache::ReplicationGroup.PrimaryEndPoint.Port":
      return "6379";
    case "AWS::SecretsManager::Secret.Id":
      return id;
    case "AWS::CloudWatch::Alarm.Arn":
    case "AWS::CloudWatch::CompositeAlarm.Arn":
      return `arn:aws:cloudwatch:${region}:${accountId}:alarm:${id}`;
    case "AWS::ApplicationAutoScaling::ScalingPolicy.Arn":
      return id;
    default:
      return `${id}-${attribute.replace(/\W+/g, "-")}`;
  }
}
