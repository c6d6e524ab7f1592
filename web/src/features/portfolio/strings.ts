// The portfolio pages' English strings join i18next's English bundle when this chunk loads (the
// first pages carry only the navigation's and the home card's: i18n/en/portfolio.ts). Korean comes
// whole with the Korean chunk.
import { portfolioPages } from "../../i18n/en/portfolio-pages.ts";
import i18n from "../../i18n/index.ts";

i18n.addResourceBundle("en", "translation", { portfolio: portfolioPages }, true, false);
