// Mantine's PostCSS preset (rem/em helpers, light/dark mixins) for any CSS we add beside components.
export default {
  plugins: {
    "postcss-preset-mantine": {},
  },
};
