// 한국어 UI 문자열: settings. 형태는 ../en/settings.ts와 같아야 합니다(타입으로 확인).
import type { Resources } from "../en.ts";

export const settings: Resources["settings"] = {
  title: "설정",
  appearance: "화면과 언어",
  regional: "지역과 표시 형식",
  notifications: "알림",
  priceColors: "가격 색상",
  priceColorsHint: "차트, 시세, 목록에서 상승과 하락을 어떤 색으로 표시할지 정합니다.",
  priceColorsAuto: "언어에 따라 (한국어: 상승 빨강, 하락 파랑 / 그 밖: 상승 초록, 하락 빨강)",
  priceColorsRedUp: "상승 빨강, 하락 파랑",
  priceColorsGreenUp: "상승 초록, 하락 빨강",
};
