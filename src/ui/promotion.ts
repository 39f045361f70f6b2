/** `images from staging (version 3f2a1bc): web repo/web@sha256:…, worker repo/worker@sha256:…` */
export function promotionLine(from: string, promotion: { images: Record<string, string>; version?: string }): string {
  const images = Object.entries(promotion.images).map(([service, image]) => `${service} ${image}`);
  return `images from ${from}${promotion.version ? ` (version ${promotion.version})` : ""}: ${images.join(", ")}`;
}
