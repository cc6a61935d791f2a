import { foldCase, globMatch, type GlobOptions } from '../../glob.js';
import type { AzureArmRoleDefinition } from '../../model/inventory/index.js';

/**
 * ARM action patterns: `*` matches any run of characters (`?` is a plain character), comparison
 * is case-insensitive. Matched without a regex: a role definition's pattern of a dozen `*` made
 * the backtracking regex hang.
 */
const STARS_ONLY: GlobOptions = { anyOne: false, ignoreAsciiCase: true };
const STARS_ONLY_FOLDED: GlobOptions = { anyOne: false };

/** Rules ask per member and resource of an assignment: each pattern is prepared once. */
const tests = new Map<string, (action: string) => boolean>();

function compile(pattern: string): (action: string) => boolean {
  if (!/[^\x20-\x7e]/.test(pattern)) return (action) => globMatch(pattern, action, STARS_ONLY);
  const folded = foldCase(pattern);
  return (action) => globMatch(folded, foldCase(action), STARS_ONLY_FOLDED);
}

export function actionMatches(pattern: string, action: string): boolean {
  let test = tests.get(pattern);
  if (!test) {
    if (tests.size > 10_000) tests.clear();
    tests.set(pattern, (test = compile(pattern)));
  }
  return test(action);
}

/** Union over permission blocks of (actions − notActions), as ARM evaluates a role definition. */
export function allowsAction(role: AzureArmRoleDefinition, action: string): boolean {
  return role.permissions.some((p) => p.actions.some((a) => actionMatches(a, action)) && !p.notActions.some((a) => actionMatches(a, action)));
}

/** Data-plane actions are separate: `*` in actions never grants a data action. */
export function allowsDataAction(role: AzureArmRoleDefinition, action: string): boolean {
  return role.permissions.some((p) => p.dataActions.some((a) => actionMatches(a, action)) && !p.notDataActions.some((a) => actionMatches(a, action)));
}

export const ROLE_ASSIGNMENT_WRITE = 'Microsoft.Authorization/roleAssignments/write';
/** A Contributor-like role: it may create resource groups, so it writes broadly at its scope. */
export const BROAD_WRITE = 'Microsoft.Resources/subscriptions/resourceGroups/write';
export const KV_GET_SECRET = 'Microsoft.KeyVault/vaults/secrets/getSecret/action';
export const KV_USE_KEY = ['Microsoft.KeyVault/vaults/keys/decrypt/action', 'Microsoft.KeyVault/vaults/keys/sign/action', 'Microsoft.KeyVault/vaults/keys/unwrap/action'];
export const KV_WRITE_POLICY = ['Microsoft.KeyVault/vaults/write', 'Microsoft.KeyVault/vaults/accessPolicies/write'];

/** How a role runs code on a resource type, and therefore obtains its managed identities. */
export interface ExecutionPath {
  technique: string;
  /** Any one of these sets suffices; every action of a set is needed. */
  actions?: string[][];
  dataActions?: string[][];
  how: string;
  /** Conditions the inventory cannot settle. */
  conditions?: string;
}

export const EXECUTION: Record<string, ExecutionPath[]> = {
  'microsoft.compute/virtualmachines': [
    {
      technique: 'azure:arm:VMRunCommand',
      actions: [['Microsoft.Compute/virtualMachines/runCommand/action'], ['Microsoft.Compute/virtualMachines/runCommands/write'], ['Microsoft.Compute/virtualMachines/extensions/write']],
      how: 'Run Command or a custom script extension on the VM, then a token from IMDS',
    },
    {
      technique: 'azure:arm:VMLogin',
      dataActions: [['Microsoft.Compute/virtualMachines/loginAsAdmin/action'], ['Microsoft.Compute/virtualMachines/login/action']],
      how: 'Entra sign-in to the VM (RDP/SSH), then a token from IMDS',
      conditions: 'needs network reach to the VM\'s RDP/SSH port and Entra login enabled on it',
    },
  ],
  'microsoft.compute/virtualmachinescalesets': [
    {
      technique: 'azure:arm:VMRunCommand',
      actions: [['Microsoft.Compute/virtualMachineScaleSets/virtualMachines/runCommand/action'], ['Microsoft.Compute/virtualMachineScaleSets/extensions/write'], ['Microsoft.Compute/virtualMachineScaleSets/write']],
      how: 'Run Command or an extension on the scale set instances, then a token from IMDS',
    },
  ],
  'microsoft.web/sites': [
    {
      technique: 'azure:arm:WebAppDeploy',
      actions: [['Microsoft.Web/sites/write'], ['Microsoft.Web/sites/config/write'], ['Microsoft.Web/sites/publishxml/action']],
      how: 'deploy code (or a Kudu command) to the web/function app, then a token from its identity endpoint',
    },
  ],
  'microsoft.logic/workflows': [
    { technique: 'azure:arm:LogicAppEdit', actions: [['Microsoft.Logic/workflows/write']], how: 'edit the workflow to call an API with its managed identity' },
  ],
  'microsoft.automation/automationaccounts': [
    {
      technique: 'azure:arm:AutomationRunbook',
      actions: [['Microsoft.Automation/automationAccounts/runbooks/write', 'Microsoft.Automation/automationAccounts/jobs/write']],
      how: 'publish and start a runbook that fetches a token for the account\'s identity',
    },
  ],
  'microsoft.containerservice/managedclusters': [
    {
      technique: 'azure:arm:AKSClusterAdmin',
      actions: [['Microsoft.ContainerService/managedClusters/listClusterAdminCredential/action'], ['Microsoft.ContainerService/managedClusters/runCommand/action']],
      how: 'cluster-admin credentials or Run Command, then a pod on a node reading the kubelet / cluster identity',
    },
  ],
  'microsoft.containerregistry/registries': [
    { technique: 'azure:arm:ContainerRegistryTask', actions: [['Microsoft.ContainerRegistry/registries/scheduleRun/action']], how: 'run an ACR task that uses the registry\'s identity' },
  ],
};

/** Verdicts per role definition object and path: asked once per member and resource of each assignment. */
const pathVerdicts = new WeakMap<AzureArmRoleDefinition, Map<ExecutionPath, boolean>>();

export function allowsPath(role: AzureArmRoleDefinition, path: ExecutionPath): boolean {
  let byPath = pathVerdicts.get(role);
  if (!byPath) pathVerdicts.set(role, (byPath = new Map()));
  let v = byPath.get(path);
  if (v === undefined) byPath.set(path, (v = pathAllowed(role, path)));
  return v;
}
function pathAllowed(role: AzureArmRoleDefinition, path: ExecutionPath): boolean {
  return (
    (path.actions ?? []).some((set) => set.every((a) => allowsAction(role, a))) ||
    (path.dataActions ?? []).some((set) => set.every((a) => allowsDataAction(role, a)))
  );
}
