// The broker connections page's English strings join i18next's English bundle when the portfolio's
// chunk loads (as ./strings.ts does for the other pages); Korean comes whole with the Korean chunk.
import { portfolioConnections } from "../../i18n/en/portfolio-connections.ts";
import i18n from "../../i18n/index.ts";

i18n.addResourceBundle("en", "translation", { portfolioConnections }, true, true);
