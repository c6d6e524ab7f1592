// English UI strings: reset.
export const reset = {
  requestTitle: "Reset your password",
  requestIntro:
    "Enter the email address of your account. If it exists, we will send a link to reset the password.",
  requestSubmit: "Send reset link",
  requestDone:
    "If an account uses that address, an email with a reset link is on its way. The link is valid for one hour.",
  confirmTitle: "Choose a new password",
  confirmSubmit: "Set new password",
  confirmDone: "Your password was changed. Please sign in with the new password.",
  backToSignIn: "Back to sign in",
} as const;
