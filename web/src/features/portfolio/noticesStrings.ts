// The portfolio notices' English sentences join i18next's English bundle when the portfolio's chunk
// loads (as ./strings.ts does for the pages); Korean comes whole with the Korean chunk.
import { portfolioNotices } from "../../i18n/en/portfolio-notices.ts";
import i18n from "../../i18n/index.ts";

i18n.addResourceBundle("en", "translation", { portfolioNotices }, true, true);
