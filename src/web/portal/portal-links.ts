import { getRouteApi, linkOptions } from '@tanstack/react-router';

/** The portal's pages, typed against the route tree: `<Link {...portalLinks.home(yard)}>`. */
export const portalLinks = {
  home: (yard: string) => linkOptions({ to: '/portal/$yard', params: { yard } }),
  signIn: (yard: string) => linkOptions({ to: '/portal/$yard/sign-in', params: { yard } }),
  forgot: (yard: string) => linkOptions({ to: '/portal/$yard/forgot-password', params: { yard } }),
  account: (yard: string) => linkOptions({ to: '/portal/$yard/account', params: { yard } }),
  requestService: (yard: string) => linkOptions({ to: '/portal/$yard/request-service', params: { yard } }),
  order: (yard: string, id: string) => linkOptions({ to: '/portal/$yard/orders/$id', params: { yard, id } }),
  cards: (yard: string) => linkOptions({ to: '/portal/$yard/cards', params: { yard } }),
  receipts: (yard: string) => linkOptions({ to: '/portal/$yard/receipts', params: { yard } }),
  receipt: (yard: string, id: string) =>
    linkOptions({ to: '/portal/$yard/receipts/$id', params: { yard, id } }),
  boat: (yard: string, id: string) => linkOptions({ to: '/portal/$yard/boats/$id', params: { yard, id } }),
  messages: (yard: string) => linkOptions({ to: '/portal/$yard/messages', params: { yard } }),
  generalMessages: (yard: string) => linkOptions({ to: '/portal/$yard/messages/general', params: { yard } }),
  orderMessages: (yard: string, id: string) =>
    linkOptions({ to: '/portal/$yard/messages/orders/$id', params: { yard, id } }),
};

const portalRoute = getRouteApi('/portal/$yard');

/** The yard slug of the portal page being shown, as it is in the address. */
export function usePortalYard(): string {
  return portalRoute.useParams().yard;
}
