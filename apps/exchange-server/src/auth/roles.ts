/**
 * Roles a user holds in an agency, and what each may do. Agency systems that log in with their
 * seal key act as `system`. Hub administrators (a flag on the user) manage the directory.
 */
export const agencyRoles = ['operator', 'viewer', 'agency-admin'] as const;
export type AgencyRole = (typeof agencyRoles)[number];
export type Role = AgencyRole | 'system';

export const roleNames: Record<Role, { zh: string; en: string }> = {
  operator: { zh: '收发员', en: 'operator' },
  viewer: { zh: '查阅员', en: 'viewer' },
  'agency-admin': { zh: '单位管理员', en: 'agency administrator' },
  system: { zh: '单位系统', en: 'agency system' },
};

export const permissions = ['send', 'receive', 'view', 'manage-users'] as const;
export type Permission = (typeof permissions)[number];

/** The permission table: which roles grant what within their agency. */
export const rolePermissions: Record<Role, readonly Permission[]> = {
  operator: ['send', 'receive', 'view'],
  viewer: ['view'],
  'agency-admin': ['view', 'manage-users'],
  system: ['send', 'receive', 'view'],
};

export const permissionNames: Record<Permission, { zh: string; en: string }> = {
  send: { zh: '发送公文', en: 'send documents' },
  receive: { zh: '接收、签收或退回公文', en: 'receive, sign for or return documents' },
  view: { zh: '查看公文交换状态', en: 'view exchange states' },
  'manage-users': { zh: '管理本单位用户', en: "manage the agency's users" },
};

export function rolesGrant(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => rolePermissions[role].includes(permission));
}
