// The newest clients warn that they will want Node 22 in 2027; the notice is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
