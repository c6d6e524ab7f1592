// English UI strings: setup.
export const setup = {
  title: "Create the first administrator",
  intro:
    "This Bullpen instance has no administrator yet. Enter the one-time setup token from the server log to claim it.",
  submit: "Create administrator",
  done: "Administrator created. Welcome!",
  notNeeded: "This instance already has an administrator.",
} as const;
