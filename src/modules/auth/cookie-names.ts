/**
 * The one place that names Slipway's cookies. Over https they carry the `__Host-` prefix:
 * browsers then accept them only with Secure, Path=/ and no Domain, so neither a sibling
 * subdomain nor a plain-http page can plant or overwrite them. Over http (the demo on
 * localhost) the prefix would make browsers drop the cookies, so the plain names stay.
 */
export function cookieNames(secure: boolean) {
  const prefix = secure ? '__Host-' : '';
  return {
    staff: `${prefix}slipway_staff`,
    customer: `${prefix}slipway_portal`,
    csrf: `${prefix}slipway_csrf`,
  } as const;
}

export type CookieNames = ReturnType<typeof cookieNames>;
