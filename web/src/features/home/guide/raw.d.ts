// Markdown imported as text (Vite's ?raw suffix).
declare module "*.md?raw" {
  const text: string;
  export default text;
}
