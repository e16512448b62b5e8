import { forbidden } from '../errors';
import { permissionNames, rolesGrant, type Permission } from './roles';
import type { Principal } from './tokens';

/** The agency a request acts for, if the caller's roles there grant `permission`. */
export function agencyWith(principal: Principal, permission: Permission): string {
  if (principal.agency === undefined || !rolesGrant(principal.roles, permission)) {
    throw forbidden(permissionNames[permission]);
  }
  return principal.agency;
}

export function requireHubAdmin(principal: Principal): void {
  if (!principal.hubAdmin) throw forbidden({ zh: '执行交换中心管理操作', en: 'perform hub administration' });
}

/** `user:<id>` or `agency:<code>`: who the audit log names. */
export function actorId(principal: Principal): string {
  return principal.sub;
}
