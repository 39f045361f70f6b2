import { withAwsFailures } from "./aws-failure.js";
import { lazyClient } from "./lazy-client.js";
import { clientConfig, type AwsSettings } from "./settings.js";

/** An ACM certificate's domain name, which the smoke checks verify the load balancer presents. */
export function certificateNames(settings: AwsSettings): (certificateArn: string) => Promise<string | undefined> {
  const acm = lazyClient(async () => {
    const sdk = await import("@aws-sdk/client-acm");
    return { sdk, client: new sdk.ACMClient(clientConfig(settings)) };
  });
  const port = withAwsFailures("ACM", {
    async describeCertificate(arn: string): Promise<string | undefined> {
      const { sdk, client } = await acm();
      const answer = await client.send(new sdk.DescribeCertificateCommand({ CertificateArn: arn }));
      return answer.Certificate?.DomainName;
    },
  });
  return (arn) => port.describeCertificate(arn);
}
