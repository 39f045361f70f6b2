import { hostname, userInfo } from "node:os";

/** Who runs berth and from where: recorded in the deploy lock and the release history. */
export interface Actor {
  user: string;
  host: string;
  /** The CI run's page, when berth runs in CI. */
  ciUrl?: string;
}

/**
 * The actor from the environment. On GitHub Actions the user is the workflow's actor and
 * the URL the run's page (https://docs.github.com/en/actions/reference/variables-reference);
 * on CodeBuild the build's console URL (CODEBUILD_BUILD_URL,
 * https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-env-vars.html).
 */
export function currentActor(env: NodeJS.ProcessEnv = process.env, host: () => string = hostname): Actor {
  const ciUrl = ciRunUrl(env);
  return {
    user: env.GITHUB_ACTOR ?? env.USER ?? env.USERNAME ?? localUser(),
    host: host(),
    ...(ciUrl ? { ciUrl } : {}),
  };
}

export function ciRunUrl(env: NodeJS.ProcessEnv): string | undefined {
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID) {
    return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
  }
  return env.CODEBUILD_BUILD_URL || undefined;
}

function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}
