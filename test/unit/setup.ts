// The AWS SDK warns once per process that its 2027 releases will need Node 22.
// The extension runs on the Node that VS Code ships; in test output the
// warning is noise, so it is silenced here (and only here).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
