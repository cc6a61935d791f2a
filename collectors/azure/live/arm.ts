import type { TokenCredential } from '@azure/identity';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ComputeManagementClient } from '@azure/arm-compute';
import { KeyVaultManagementClient } from '@azure/arm-keyvault';
import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import { ResourceManagementClient } from '@azure/arm-resources';
import { SourceUnreachableError } from '../../../src/errors.js';
import { signInFailure } from './auth.js';
import { Forbidden } from './http.js';
import { appendAll } from '../../../src/model/append.js';

/**
 * Keeps the JSON of every page an ARM SDK client receives. The SDK drives the listing (paging by
 * nextLink, retrying on 429/503 with Retry-After); leakpath keeps the documented response shape,
 * not the SDK's camel-cased models, so that live runs and their raw files parse alike.
 */
class PageRecorder {
  current: unknown[] = [];
  readonly policy: PipelinePolicy = {
    name: 'leakpathPageRecorder',
    sendRequest: async (request, next) => {
      const response = await next(request);
      if (response.status === 200 && response.bodyAsText) {
        const body = JSON.parse(response.bodyAsText) as { value?: unknown[] };
        appendAll(this.current, (body.value ?? []));
      }
      return response;
    },
  };
}

type Paged = { byPage(): AsyncIterableIterator<unknown> };

/** One subscription's ARM listings, through the vendor's management SDK clients. */
export class ArmSubscription {
  private readonly recorder = new PageRecorder();
  private readonly resources: ResourceManagementClient;
  private readonly compute: ComputeManagementClient;
  private readonly keyVault: KeyVaultManagementClient;
  private readonly msi: ManagedServiceIdentityClient;
  private readonly authorization: AuthorizationManagementClient;

  constructor(credential: TokenCredential, subscriptionId: string, endpoint: string, maxRetries: number) {
    const options = { endpoint, retryOptions: { maxRetries }, additionalPolicies: [{ policy: this.recorder.policy, position: 'perCall' as const }] };
    this.resources = new ResourceManagementClient(credential, subscriptionId, options);
    this.compute = new ComputeManagementClient(credential, subscriptionId, options);
    this.keyVault = new KeyVaultManagementClient(credential, subscriptionId, options);
    this.msi = new ManagedServiceIdentityClient(credential, subscriptionId, options);
    this.authorization = new AuthorizationManagementClient(credential, subscriptionId, options);
  }

  private async drain(what: string, listing: () => Paged): Promise<unknown[]> {
    this.recorder.current = [];
    try {
      for await (const page of listing().byPage()) void page;
    } catch (e) {
      const err = e as Error & { statusCode?: number };
      if (err.statusCode === 401 || err.statusCode === 403 || err.statusCode === 404) throw new Forbidden(err.statusCode, what, err.message);
      throw signInFailure(e) ?? new SourceUnreachableError(`ARM ${what}: ${err.message}`);
    }
    return this.recorder.current;
  }

  resourceGroups = () => this.drain('resourceGroups', () => this.resources.resourceGroups.list());
  genericResources = () => this.drain('resources', () => this.resources.resources.list());
  virtualMachines = () => this.drain('virtualMachines', () => this.compute.virtualMachines.listAll());
  scaleSets = () => this.drain('virtualMachineScaleSets', () => this.compute.virtualMachineScaleSets.listAll());
  vaults = () => this.drain('vaults', () => this.keyVault.vaults.listBySubscription());
  userAssignedIdentities = () => this.drain('userAssignedIdentities', () => this.msi.userAssignedIdentities.listBySubscription());
  identityFederatedCredentials = (resourceGroup: string, name: string) =>
    this.drain(`federatedIdentityCredentials of ${name}`, () => this.msi.federatedIdentityCredentials.list(resourceGroup, name));
  roleAssignments = () => this.drain('roleAssignments', () => this.authorization.roleAssignments.listForSubscription());
  customRoleDefinitions = (scope: string) =>
    this.drain('roleDefinitions', () => this.authorization.roleDefinitions.list(scope, { filter: "type eq 'CustomRole'" }));
}
