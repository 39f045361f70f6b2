/**
 * What `berth exec` reads and does (adapter: src/aws/exec-port.ts). ECS Exec opens an SSM
 * session to the ExecuteCommandAgent in a running task; the AWS CLI starts it with
 * ExecuteCommand and hands the session to session-manager-plugin
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html).
 */
export interface ExecPort {
  /** DescribeServices; undefined when the cluster has no such service. */
  service(cluster: string, service: string): Promise<ServiceFacts | undefined>;
  /** The service's RUNNING tasks, described (ListTasks + DescribeTasks). */
  runningTasks(cluster: string, service: string): Promise<TaskFacts[]>;
  /** DescribeTasks of one task by id or ARN; undefined when ECS does not know it. */
  task(cluster: string, task: string): Promise<TaskFacts | undefined>;
  /** The actions the service's task role allows, read from its service stack's template; undefined when unreadable. */
  taskRoleActions(serviceStack: string, roleId: string): Promise<string[] | undefined>;
  /** Whether session-manager-plugin is an executable file on PATH. */
  pluginOnPath(): Promise<boolean>;
  /** ExecuteCommand, then session-manager-plugin attached to this terminal; resolves to the session's exit code. */
  connect(request: ExecRequest): Promise<number>;
}

export interface ServiceFacts {
  enableExecuteCommand: boolean;
  /** The tasks' public IP setting, from the service's network configuration. */
  assignPublicIp: boolean;
}

export interface TaskFacts {
  taskArn: string;
  lastStatus: string;
  /** The service a task belongs to, from its group (`service:NAME`). */
  group?: string;
  enableExecuteCommand: boolean;
  launchType?: string;
  platformVersion?: string;
  containers: ContainerFacts[];
}

export interface ContainerFacts {
  name: string;
  runtimeId?: string;
  /** The ExecuteCommandAgent as DescribeTasks reports it; undefined when the task has none. */
  agent?: { lastStatus: string; reason?: string };
}

export interface ExecRequest {
  cluster: string;
  taskArn: string;
  container: string;
  runtimeId: string;
  command: string;
}
