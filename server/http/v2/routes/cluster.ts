// The cluster as a client first sees it: status, topology (one broker, one partition: the embedded
// engine), the licence (none needed) and the authenticated user.
import { DEFAULT_TENANT } from '../schemas.js';
import { defineV2Route } from '../route.js';

/** The Camunda API version this router serves. */
export const API_VERSION = '8.8.0';

export const clusterRoutes = [
  defineV2Route({
    operationId: 'getStatus',
    method: 'get',
    path: '/status',
    access: 'public',
    status: 204,
    async handler() {},
  }),
  defineV2Route({
    operationId: 'getTopology',
    method: 'get',
    path: '/topology',
    access: 'user',
    status: 200,
    async handler({ req }) {
      return {
        brokers: [
          {
            nodeId: 0,
            host: req.hostname,
            port: req.socket.localPort ?? 0,
            partitions: [{ partitionId: 1, role: 'leader', health: 'healthy' }],
            version: API_VERSION,
          },
        ],
        clusterSize: 1,
        partitionsCount: 1,
        replicationFactor: 1,
        gatewayVersion: API_VERSION,
        lastCompletedChangeId: '-1',
      };
    },
  }),
  defineV2Route({
    operationId: 'getLicense',
    method: 'get',
    path: '/license',
    access: 'user',
    status: 200,
    async handler() {
      // The embedded engine is Oficio's own: no Camunda licence applies to it.
      return { validLicense: true, licenseType: 'oficio-embedded', isCommercial: false };
    },
  }),
  defineV2Route({
    operationId: 'getAuthentication',
    method: 'get',
    path: '/authentication/me',
    access: 'user',
    status: 200,
    async handler({ user }) {
      return {
        username: user.username,
        displayName: user.displayName,
        ...(user.email ? { email: user.email } : {}),
        authorizedComponents: [],
        tenants: [{ tenantId: DEFAULT_TENANT, name: 'Default' }],
        groups: [...user.groups],
        roles: [...user.roles],
        salesPlanType: '',
        c8Links: {},
        canLogout: false,
      };
    },
  }),
];
