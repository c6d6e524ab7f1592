// English UI strings: register.
export const register = {
  title: "Create your account",
  submit: "Create account",
  haveAccount: "Already have an account?",
  signIn: "Sign in",
  closed: "Registration is closed on this instance. Ask an administrator for an account.",
  inviteOnly: "Registration on this instance needs an invite code from an administrator.",
  approvalNote: "New accounts are reviewed by an administrator before they can sign in.",
  pendingTitle: "Waiting for approval",
  pendingBody:
    "Thanks, {{username}}! Your account was created and is waiting for an administrator's approval. You can sign in once it is approved.",
  activeTitle: "Account created",
  activeBody: "Welcome, {{username}}! Your account is ready. You can sign in now.",
  emailPending:
    "We sent a link to {{email}}. The address is added to your account when you open it (within an hour); until then, sign in with your username.",
  toSignIn: "Go to sign in",
} as const;
