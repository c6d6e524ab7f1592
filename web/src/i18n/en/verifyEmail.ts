// English UI strings: verifyEmail.
export const verifyEmail = {
  title: "Verify your email",
  working: "Verifying your email address…",
  success: "Your email address is verified. Thank you!",
  missingToken: "This link has no verification token. Open the link from the email again.",
  continue: "Continue",
} as const;
