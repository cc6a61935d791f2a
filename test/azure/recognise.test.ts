import { describe, expect, it } from 'vitest';
import { recogniseCredential, type KnownSecret } from '../../collectors/azure/live/recognise.js';

const known: KnownSecret[] = [
  { appId: 'app-billing', appName: 'billing', keyId: 'k-bil', hint: 'bil' },
  { appId: 'app-a', appName: 'alpha', keyId: 'k-a1', hint: 'dup' },
  { appId: 'app-b', appName: 'beta', keyId: 'k-b1', hint: 'dup' },
  { appId: 'app-c', appName: 'gamma', keyId: 'k-c1', hint: 'two' },
  { appId: 'app-c', appName: 'gamma', keyId: 'k-c2', hint: 'two' },
];
const entra = (hint: string) => `${hint}8Q~${'x'.repeat(34)}`;

describe('recognising the credential a secret value holds', () => {
  it('an Entra client secret by a unique hint', () => {
    expect(recogniseCredential(entra('bil'), known, ['some-secret'])).toEqual({ type: 'azure-client-secret', appId: 'app-billing', keyId: 'k-bil' });
  });
  it('a shared hint narrowed by the secret name, or left unrecognised when nothing narrows it', () => {
    expect(recogniseCredential(entra('dup'), known, ['client-secret-beta'])).toEqual({ type: 'azure-client-secret', appId: 'app-b', keyId: 'k-b1' });
    expect(recogniseCredential(entra('dup'), known, ['unrelated'])).toBeUndefined();
  });
  it('a hint shared by two secrets of one app names the app and the hint, not a keyId', () => {
    expect(recogniseCredential(entra('two'), known, [])).toEqual({ type: 'azure-client-secret', appId: 'app-c', hint: 'two' });
  });
  it('a JSON blob with clientId and clientSecret', () => {
    expect(recogniseCredential(JSON.stringify({ clientId: 'APP-A', clientSecret: entra('dup') }), known, [])).toEqual({ type: 'azure-client-secret', appId: 'app-a', keyId: 'k-a1' });
  });
  it('an AWS access key id and a GCP service-account key file', () => {
    expect(recogniseCredential('aws_access_key_id=AKIAIOSFODNN7EXAMPLE\naws_secret_access_key=x', known, [])).toEqual({ type: 'aws-access-key', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
    expect(recogniseCredential(JSON.stringify({ type: 'service_account', private_key_id: 'abc123', client_email: 'sa@p.iam.gserviceaccount.com', private_key: '-----BEGIN' }), known, [])).toEqual({ type: 'gcp-service-account-key', privateKeyId: 'abc123', clientEmail: 'sa@p.iam.gserviceaccount.com' });
  });
  it('nothing for a password, a connection string, or an unknown hint', () => {
    expect(recogniseCredential('hunter2', known, [])).toBeUndefined();
    expect(recogniseCredential('Server=tcp:db;Password=abc', known, [])).toBeUndefined();
    expect(recogniseCredential(entra('zzz'), known, [])).toBeUndefined();
  });
});
