// English UI strings: hints.
export const hints = {
  password: "At least 8 characters. Long passphrases are welcome.",
  setupToken: "Printed once in the server log when the instance starts without an admin.",
  username: "3 to 50 characters: letters, digits, dots, dashes or underscores.",
  phoneNumber: "International format, for example +82 10 1234 5678.",
  passwordMismatch: "The passwords do not match.",
} as const;
