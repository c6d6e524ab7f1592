// Where toasts appear: at the bottom, clear of the header's bell, language, theme and account controls
// (issue 16: top-right toasts covered them). On a phone they span the bottom centre.
import { useMediaQuery } from "@mantine/hooks";
import { Notifications } from "@mantine/notifications";

export function Toasts() {
  const phone = useMediaQuery("(max-width: 48em)");
  return <Notifications position={phone ? "bottom-center" : "bottom-right"} limit={3} />;
}
