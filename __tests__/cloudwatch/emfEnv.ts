/**
 * Imported first by the CloudWatch tests, before aws-embedded-metrics loads: the library guesses its
 * environment when it is loaded (on a host that is not Lambda or ECS, by asking the EC2 instance
 * metadata service). The adapter never uses that guess; "Local" just skips it.
 */
process.env.AWS_EMF_ENVIRONMENT ??= "Local";
export {};
