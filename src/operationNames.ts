/**
 * Operation names this library knows, for telling a misspelt key of `operations` from a real operation.
 * @packageDocumentation
 */

/**
 * Every operation of the clients the service tables describe, as their command names without "Command":
 * `@aws-sdk/client-pinpoint` 3.1132, `@aws-sdk/client-pinpoint-sms-voice` 3.523 and
 * `@aws-sdk/client-pinpoint-sms-voice-v2` 3.1138 (a unit test compares them with the installed clients).
 */
export const KNOWN_OPERATIONS: Readonly<Record<"Pinpoint" | "PinpointSMSVoice" | "PinpointSMSVoiceV2", readonly string[]>> = {
  Pinpoint: [
    "CreateApp", "CreateCampaign", "CreateEmailTemplate", "CreateExportJob", "CreateImportJob", "CreateInAppTemplate",
    "CreateJourney", "CreatePushTemplate", "CreateRecommenderConfiguration", "CreateSegment", "CreateSmsTemplate",
    "CreateVoiceTemplate", "DeleteAdmChannel", "DeleteApnsChannel", "DeleteApnsSandboxChannel",
    "DeleteApnsVoipChannel", "DeleteApnsVoipSandboxChannel", "DeleteApp", "DeleteBaiduChannel", "DeleteCampaign",
    "DeleteEmailChannel", "DeleteEmailTemplate", "DeleteEndpoint", "DeleteEventStream", "DeleteGcmChannel",
    "DeleteInAppTemplate", "DeleteJourney", "DeletePushTemplate", "DeleteRecommenderConfiguration", "DeleteSegment",
    "DeleteSmsChannel", "DeleteSmsTemplate", "DeleteUserEndpoints", "DeleteVoiceChannel", "DeleteVoiceTemplate",
    "GetAdmChannel", "GetApnsChannel", "GetApnsSandboxChannel", "GetApnsVoipChannel", "GetApnsVoipSandboxChannel",
    "GetApp", "GetApplicationDateRangeKpi", "GetApplicationSettings", "GetApps", "GetBaiduChannel", "GetCampaign",
    "GetCampaignActivities", "GetCampaignDateRangeKpi", "GetCampaignVersion", "GetCampaignVersions", "GetCampaigns",
    "GetChannels", "GetEmailChannel", "GetEmailTemplate", "GetEndpoint", "GetEventStream", "GetExportJob",
    "GetExportJobs", "GetGcmChannel", "GetImportJob", "GetImportJobs", "GetInAppMessages", "GetInAppTemplate",
    "GetJourney", "GetJourneyDateRangeKpi", "GetJourneyExecutionActivityMetrics", "GetJourneyExecutionMetrics",
    "GetJourneyRunExecutionActivityMetrics", "GetJourneyRunExecutionMetrics", "GetJourneyRuns", "GetPushTemplate",
    "GetRecommenderConfiguration", "GetRecommenderConfigurations", "GetSegment", "GetSegmentExportJobs",
    "GetSegmentImportJobs", "GetSegmentVersion", "GetSegmentVersions", "GetSegments", "GetSmsChannel",
    "GetSmsTemplate", "GetUserEndpoints", "GetVoiceChannel", "GetVoiceTemplate", "ListJourneys", "ListTagsForResource",
    "ListTemplateVersions", "ListTemplates", "PhoneNumberValidate", "PutEventStream", "PutEvents", "RemoveAttributes",
    "SendMessages", "SendOTPMessage", "SendUsersMessages", "TagResource", "UntagResource", "UpdateAdmChannel",
    "UpdateApnsChannel", "UpdateApnsSandboxChannel", "UpdateApnsVoipChannel", "UpdateApnsVoipSandboxChannel",
    "UpdateApplicationSettings", "UpdateBaiduChannel", "UpdateCampaign", "UpdateEmailChannel", "UpdateEmailTemplate",
    "UpdateEndpoint", "UpdateEndpointsBatch", "UpdateGcmChannel", "UpdateInAppTemplate", "UpdateJourney",
    "UpdateJourneyState", "UpdatePushTemplate", "UpdateRecommenderConfiguration", "UpdateSegment", "UpdateSmsChannel",
    "UpdateSmsTemplate", "UpdateTemplateActiveVersion", "UpdateVoiceChannel", "UpdateVoiceTemplate",
    "VerifyOTPMessage",
  ],
  PinpointSMSVoice: [
    "CreateConfigurationSet", "CreateConfigurationSetEventDestination", "DeleteConfigurationSet",
    "DeleteConfigurationSetEventDestination", "GetConfigurationSetEventDestinations", "ListConfigurationSets",
    "SendVoiceMessage", "UpdateConfigurationSetEventDestination",
  ],
  PinpointSMSVoiceV2: [
    "AssociateOriginationIdentity", "AssociateProtectConfiguration", "CarrierLookup", "CreateConfigurationSet",
    "CreateEventDestination", "CreateNotifyConfiguration", "CreateOptOutList", "CreatePool",
    "CreateProtectConfiguration", "CreateRcsAgent", "CreateRegistration", "CreateRegistrationAssociation",
    "CreateRegistrationAttachment", "CreateRegistrationVersion", "CreateVerifiedDestinationNumber",
    "DeleteAccountDefaultProtectConfiguration", "DeleteConfigurationSet", "DeleteDefaultMessageType",
    "DeleteDefaultSenderId", "DeleteEventDestination", "DeleteKeyword", "DeleteMediaMessageSpendLimitOverride",
    "DeleteNotifyConfiguration", "DeleteNotifyMessageSpendLimitOverride", "DeleteOptOutList", "DeleteOptedOutNumber",
    "DeletePool", "DeleteProtectConfiguration", "DeleteProtectConfigurationRuleSetNumberOverride", "DeleteRcsAgent",
    "DeleteRcsMessageSpendLimitOverride", "DeleteRegistration", "DeleteRegistrationAttachment",
    "DeleteRegistrationFieldValue", "DeleteResourcePolicy", "DeleteTextMessageSpendLimitOverride",
    "DeleteVerifiedDestinationNumber", "DeleteVoiceMessageSpendLimitOverride", "DescribeAccountAttributes",
    "DescribeAccountLimits", "DescribeConfigurationSets", "DescribeKeywords", "DescribeNotifyConfigurations",
    "DescribeNotifyTemplates", "DescribeOptOutLists", "DescribeOptedOutNumbers", "DescribePhoneNumbers",
    "DescribePools", "DescribeProtectConfigurations", "DescribeRcsAgentCountryLaunchStatus", "DescribeRcsAgents",
    "DescribeRegistrationAttachments", "DescribeRegistrationFieldDefinitions", "DescribeRegistrationFieldValues",
    "DescribeRegistrationSectionDefinitions", "DescribeRegistrationTypeDefinitions", "DescribeRegistrationVersions",
    "DescribeRegistrations", "DescribeSenderIds", "DescribeSpendLimits", "DescribeVerifiedDestinationNumbers",
    "DisassociateOriginationIdentity", "DisassociateProtectConfiguration", "DiscardRegistrationVersion",
    "GetProtectConfigurationCountryRuleSet", "GetResourcePolicy", "ListAvailablePhoneNumbers", "ListNotifyCountries",
    "ListPoolOriginationIdentities", "ListProtectConfigurationRuleSetNumberOverrides", "ListRegistrationAssociations",
    "ListTagsForResource", "PutKeyword", "PutMessageFeedback", "PutOptedOutNumber",
    "PutProtectConfigurationRuleSetNumberOverride", "PutRegistrationFieldValue", "PutResourcePolicy",
    "ReleasePhoneNumber", "ReleaseSenderId", "RequestPhoneNumber", "RequestSenderId",
    "SendDestinationNumberVerificationCode", "SendMediaMessage", "SendNotifyTextMessage", "SendNotifyVoiceMessage",
    "SendRcsMessage", "SendTextMessage", "SendVoiceMessage", "SetAccountDefaultProtectConfiguration",
    "SetDefaultMessageFeedbackEnabled", "SetDefaultMessageType", "SetDefaultSenderId",
    "SetMediaMessageSpendLimitOverride", "SetNotifyMessageSpendLimitOverride", "SetRcsMessageSpendLimitOverride",
    "SetTextMessageSpendLimitOverride", "SetVoiceMessageSpendLimitOverride", "SubmitRegistrationVersion",
    "TagResource", "UntagResource", "UpdateEventDestination", "UpdateNotifyConfiguration", "UpdatePhoneNumber",
    "UpdatePool", "UpdateProtectConfiguration", "UpdateProtectConfigurationCountryRuleSet", "UpdateRcsAgent",
    "UpdateSenderId", "VerifyDestinationNumber",
  ],
};

/**
 * Operations of other AWS services within two edits of a known name (e.g. SQS's `SendMessage`, one
 * letter from Pinpoint's `SendMessages`). `operations` is keyed by operation name alone and one instance
 * may serve any client, so these are real operations a user may mean, not typos. Computed from the
 * service models of botocore 1.43.11 (every AWS service, case-insensitive, edit distance of `didYouMean.ts` ≤ 2).
 */
export const NEAR_OPERATIONS_ELSEWHERE: readonly string[] = [
  "CreateACL", "CreateAct", "CreateApi", "CreateHapg", "CreateMap", "CreateQApp", "CreateRoom", "CreateVpc",
  "DeleteACL", "DeleteApi", "DeleteHapg", "DeleteMLEndpoint", "DeleteMap", "DeleteQApp", "DeleteRoom", "DeleteTape",
  "DeleteVpc", "DescribeConfigurationSet", "DescribePhoneNumber", "GetApi", "GetApis", "GetChannel", "GetMLEndpoint",
  "GetQApp", "ListTagsForResources", "ListTagsOfResource", "SendMessage", "TagResources", "UntagResources",
  "UpdateGoal", "UpdateRoom",
];
