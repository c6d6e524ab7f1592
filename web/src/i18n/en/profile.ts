// English UI strings: profile.
export const profile = {
  title: "Profile",
  formTitle: "About you",
  intro: "How you appear in Bullpen and what we know about your trading background.",
  experience: {
    none: "None",
    beginner: "Beginner",
    intermediate: "Intermediate",
    advanced: "Advanced",
    professional: "Professional",
  },
  risk: {
    conservative: "Conservative",
    moderate: "Moderate",
    aggressive: "Aggressive",
  },
  accountTitle: "Account",
  usernameLabel: "Username",
  emailLabel: "Email",
  resendVerification: "Resend verification email",
  verificationSent: "A verification email is on its way.",
  verified: "Verified",
  notVerified: "Not verified",
} as const;
