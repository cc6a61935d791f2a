import { describe, expect, it } from 'vitest';
import { mayBeSecret, quoted, redactQuoted } from '../../src/echo.js';

// Identifier shapes users type (from the examples and fixtures): repeated in messages.
const IDS = [
  'arn:aws:iam::111111111111:role/ci-deploy',
  'arn:aws:iam::200611803367:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_dc6414f7f2ab04fc',
  'AWS-QuickSetup-EnableCRecording-1clff_us-east-1',
  'privesc16-PassRoleToNewLambdaThenTriggerWithNewDynamo-user',
  'AKIAIOSFODNN7EXAMPLE',
  'AROAEXAMPLEROLEID0001',
  'aws:access-key:AKIAIOSFODNN7EXAMPLE',
  'azure:secret:cccccccc-0000-4000-8000-000000000001:11111111-0000-4000-8000-000000000001',
  'cccccccc-0000-4000-8000-000000000001:11111111-0000-4000-8000-000000000001',
  'gcp:sa-key:8e1f0c4b7a2d9e6f3c5b1a0d8e7f6c5b4a3d2e1f',
  'deployer@prod.iam.gserviceaccount.com',
  'principalSet://iam.googleapis.com/projects/300/locations/global/workloadIdentityPools/github/attribute.repository/acme/infra',
  'oidc:https://token.actions.githubusercontent.com|repo:acme/app:ref:refs/heads/main',
  'k8s:prod:sa:ci/runner',
  '/subscriptions/55555555-0000-4000-8000-000000000001/resourcegroups/rg-app',
  'Group.ReadWrite.All (Microsoft Graph application permission)',
  'ci-deploy',
  'abc',
];
// Secret shapes (made up): never repeated.
const SECRETS = [
  `IQoJb3JpZ2luX2VjEHoa${'CXVzLWVhc3QtMSJHMEUCIQDx8v1+2Ewq3l/9Xw'.repeat(8)}`,
  'Tj?1Fc[Q-4.kXa:uY8W/oQ=N0Lm6pB7e',
  'Ab38Q~SeedValueForAnEntraClientSecret01',
  'https://admin:hunter2@db.example.com/x',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'q8Zr1tLw0PbNf3VxK7mYd2Hs9GcJe4UaTo6RiE5y',
  `ghp_${'a1B2'.repeat(9)}`,
  'xoxb-000000000000-111111111111-SeedSlackValue000000000',
  'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
  'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY',
  'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln',
  '0123456789abcdef0123456789abcdef',
  'zA9.bX8-cY7_dW6.eV5uT4',
];

describe('what may be echoed', () => {
  it('identifiers are shown, secret shapes are not', () => {
    expect(IDS.filter(mayBeSecret)).toEqual([]);
    expect(SECRETS.filter((s) => !mayBeSecret(s))).toEqual([]);
    expect(quoted('ci-deploy')).toBe('"ci-deploy"');
    expect(quoted(SECRETS[1]!)).not.toContain(SECRETS[1]!);
  });

  it("commander's quoted arguments: options and commands kept, secrets and '-' values replaced", () => {
    expect(redactQuoted("error: unknown option '--fromm'")).toBe("error: unknown option '--fromm'");
    expect(redactQuoted("error: option '--format <format>' argument 'xml' is invalid.")).toBe("error: option '--format <format>' argument 'xml' is invalid.");
    const dash = redactQuoted("error: unknown option '-Xk9SeedValue+abc/DEF0123'");
    expect(dash).not.toContain('Xk9Seed');
    expect(dash).toMatch(/unknown option \(\d+ characters, not repeated/);
    expect(redactQuoted(`error: too many arguments for 'blast'. Expected 1 argument but got 2.`)).toContain("'blast'");
  });
});
