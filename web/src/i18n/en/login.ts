// English UI strings: login.
export const login = {
  title: "Sign in to Bullpen",
  submit: "Sign in",
  forgot: "Forgot your password?",
  noAccount: "No account yet?",
  register: "Create one",
  mfaTitle: "Two-step verification",
  mfaIntro:
    "Enter the 6-digit code from your authenticator app. If you lost your device, enter one of your recovery codes.",
  mfaSubmit: "Verify",
  mfaBack: "Use a different account",
  useCode: "Sign in with a two-step verification code",
  oidc: "Continue with {{name}}",
  or: "or",
  setupNeeded: "This instance has no administrator yet.",
  setupLink: "Set it up now",
  oidcPending: "Your account was created and is waiting for an administrator's approval.",
  oidcErrors: {
    unavailable: "The sign-in provider cannot be reached right now. Try again later.",
    invalid_state: "That sign-in could not be verified. Please start again.",
    expired: "The sign-in took too long. Please start again.",
    failed: "Signing in with the provider failed. Please try again.",
    denied: "The sign-in was cancelled at the provider.",
    email_in_use:
      "An account with this email already exists. Sign in with your password, or verify your email with the provider first.",
    registration_closed: "This instance does not accept new accounts.",
    account_suspended: "This account is suspended or disabled.",
    mfa_required: "This account uses two-step verification: sign in with your password and code.",
    unknown: "Signing in with the provider failed.",
  },
} as const;
