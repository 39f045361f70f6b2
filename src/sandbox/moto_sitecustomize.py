# berth's patches to moto, loaded by moto_server as `sitecustomize` (found through
# PYTHONPATH, so it works whichever Python or shim runs moto); src/sandbox/moto-patches.ts
# writes this file next to a PYTHONPATH entry. They fit moto 5.2 (src/sandbox/moto-version.ts
# names the version berth is tested with): each patch checks that what it replaces is there.
#
# An update of an AWS::ElasticLoadBalancingV2::TargetGroup: moto has no update for that type,
# so its stack forgets the resource (its Ref and the outputs naming it vanish) while the
# target group itself keeps its old settings. AWS updates a target group's health-check
# settings and attributes in place, same ARN, and replaces it only when a create-only
# property changes
# (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticloadbalancingv2-targetgroup.html).
# The patch does the same; a moto that learns to update target groups keeps its own way.
#
# An update of an AWS::EFS::FileSystem (its policy changes whenever a service starts or stops
# mounting the volume): the same forgetting, so the service stacks lose the file system's id.
# AWS updates the policy, backup policy, lifecycle policies and tags in place and replaces
# the file system only when a create-only property changes
# (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-efs-filesystem.html).
import importlib.machinery, importlib.util, os, sys

def _berth_update_in_place(model, create_only, apply):
    """moto forgets a resource whose type has no update; AWS updates it in place and
    replaces it only when a create-only property changes. apply(resource, properties,
    account_id, region_name) makes the in-place change on moto's backend."""
    if not hasattr(model.update_from_cloudformation_json, "__isabstractmethod__"):
        return

    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        new = cloudformation_json.get("Properties", {})
        old = getattr(original_resource, "_berth_properties", None)
        if old is not None and any(old.get(p) != new.get(p) for p in create_only):
            return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)
        apply(original_resource, new, account_id, region_name)
        original_resource._berth_properties = new
        return original_resource

    create = model.create_from_cloudformation_json.__func__

    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        created = create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
        created._berth_properties = cloudformation_json.get("Properties", {})
        return created

    model.update_from_cloudformation_json = classmethod(update_from_cloudformation_json)
    model.create_from_cloudformation_json = classmethod(create_from_cloudformation_json)

def _berth_patch_target_group_updates():
    try:
        from moto.elbv2.models import FakeTargetGroup, elbv2_backends
    except Exception:
        return

    def apply(target_group, new, account_id, region_name):
        backend = elbv2_backends[account_id][region_name]
        number = lambda name: int(new[name]) if name in new else None
        backend.modify_target_group(
            arn=target_group.arn,
            health_check_proto=new.get("HealthCheckProtocol"),
            health_check_port=new.get("HealthCheckPort"),
            health_check_path=new.get("HealthCheckPath"),
            health_check_interval=number("HealthCheckIntervalSeconds"),
            health_check_timeout=number("HealthCheckTimeoutSeconds"),
            healthy_threshold_count=new.get("HealthyThresholdCount"),
            unhealthy_threshold_count=new.get("UnhealthyThresholdCount"),
            http_codes=(new.get("Matcher") or {}).get("HttpCode"),
            health_check_enabled=new.get("HealthCheckEnabled"),
        )
        attributes = {a["Key"]: a["Value"] for a in new.get("TargetGroupAttributes", []) if "Key" in a}
        if attributes:
            backend.modify_target_group_attributes(target_group.arn, attributes)

    create_only = ("Name", "Port", "Protocol", "ProtocolVersion", "TargetType", "VpcId", "IpAddressType")
    _berth_update_in_place(FakeTargetGroup, create_only, apply)

_berth_patch_target_group_updates()

def _berth_patch_file_system_updates():
    try:
        from moto.efs.models import FileSystem, efs_backends
    except Exception:
        return

    def apply(file_system, new, account_id, region_name):
        policy = new.get("FileSystemPolicy")
        if policy is not None:
            import json
            efs_backends[account_id][region_name].put_file_system_policy(
                file_system.file_system_id, json.dumps(policy), False
            )

    create_only = ("Encrypted", "KmsKeyId", "PerformanceMode", "AvailabilityZoneName")
    _berth_update_in_place(FileSystem, create_only, apply)

_berth_patch_file_system_updates()

def _berth_patch_metric_data():
    """GetMetricData for the sandbox's metrics. moto orders dimensions with a comparison that
    is not an order (so a query naming them in another order than PutMetricData finds nothing),
    and has no percentile statistics. AWS matches a metric's dimensions as a set, and answers
    pNN from the datapoints' values
    (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html);
    for datapoints sent as statistic sets (no values) the maximum stands in."""
    try:
        from moto.cloudwatch.models import Dimension, Statistics
    except Exception:
        return
    Dimension.__lt__ = lambda self, other: (self.name or "", self.value or "") < (other.name or "", other.value or "")
    plain = Statistics.get_statistics_for_type

    def get_statistics_for_type(self, stat):
        if not (isinstance(stat, str) and stat.startswith("p")):
            return plain(self, stat)
        try:
            share = float(stat[1:]) / 100
        except ValueError:
            return plain(self, stat)
        values = sorted(self.metric_single_values_list)
        aggregated = [m.max for m in self.metric_aggregated_list]
        if not values:
            return max(aggregated) if aggregated else None
        rank = max(1, int(-(-share * len(values) // 1)))
        return max([values[rank - 1]] + aggregated)

    Statistics.get_statistics_for_type = get_statistics_for_type

_berth_patch_metric_data()

def _berth_patch_redrive_allow_policy():
    """A queue's RedriveAllowPolicy: moto keeps what CreateQueue, SetQueueAttributes or a
    template gives it but refuses the name in GetQueueAttributes. AWS answers it, as a JSON
    string, when the queue has one
    (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html)."""
    try:
        from moto.sqs.models import Queue
    except Exception:
        return
    if "RedriveAllowPolicy" in Queue.BASE_ATTRIBUTES or not isinstance(Queue.__dict__.get("attributes"), property):
        return
    import json
    Queue.redrive_allow_policy = None
    Queue.BASE_ATTRIBUTES = Queue.BASE_ATTRIBUTES + ["RedriveAllowPolicy"]
    plain = Queue.__dict__["attributes"].fget

    def attributes(self):
        result = plain(self)
        policy = result.pop("RedriveAllowPolicy", None)
        if policy is not None:
            result["RedriveAllowPolicy"] = policy if isinstance(policy, str) else json.dumps(policy)
        return result

    Queue.attributes = property(attributes)

_berth_patch_redrive_allow_policy()

def _berth_report_moto_version():
    """One line on stderr that src/sandbox/moto-server.ts reads to check moto's version."""
    try:
        import moto
        sys.stderr.write("berth-moto-version: %s\n" % getattr(moto, "__version__", "unknown"))
        sys.stderr.flush()
    except Exception:
        pass

_berth_report_moto_version()

# A sitecustomize this one shadows still runs.
_here = os.path.dirname(os.path.abspath(__file__))
for _entry in sys.path:
    if os.path.abspath(_entry or ".") == _here:
        continue
    _spec = importlib.machinery.PathFinder.find_spec("sitecustomize", [_entry])
    if _spec and _spec.loader:
        _spec.loader.exec_module(importlib.util.module_from_spec(_spec))
        break
