// 한국어 UI 문자열: 포트폴리오의 코드로 온 설명·경고·사유. 형태는 ../en/portfolio-notices.ts와 같아야
// 합니다(타입으로 확인). 값은 features/portfolio/notices.ts가 사용자 로캘로 서식을 맞춰 넣습니다.
import type { Resources } from "../en.ts";

export const portfolioNotices: Resources["portfolioNotices"] = {
  xray: {
    nothing: "측정할 것이 없습니다.",
    concentration: {
      none: "측정할 보유 종목이 없습니다.",
      spread:
        "{{top}}이(가) 투자 금액의 {{largestPct}}%, 상위 5개 종목이 {{top5Pct}}%입니다. 허핀달 지수 {{herfindahl}}은(는) 같은 비중의 종목 {{effectivePositions}}개만큼 집중된 정도입니다.",
      high: "{{top}}이(가) 투자 금액의 {{largestPct}}%, 상위 5개 종목이 {{top5Pct}}%입니다. 허핀달 지수 {{herfindahl}}은(는) 같은 비중의 종목 {{effectivePositions}}개만큼 집중된 정도로, 한 종목이 떨어지면 포트폴리오 전체가 흔들립니다.",
    },
    currency: {
      allBase: "모두 {{currency}}입니다. 환율이 평가 금액을 움직이지 않습니다.",
      foreign:
        "포트폴리오의 {{foreignPct}}%가 {{currency}} 외의 통화입니다. {{currency}} 기준 평가 금액이 그 통화들의 환율에 따라 움직입니다.",
      mostlyForeign:
        "포트폴리오의 {{foreignPct}}%가 {{currency}} 외의 통화입니다. {{currency}} 기준 평가 금액이 그 통화들의 환율에 따라 움직이며, 거의 전부가 그렇습니다.",
    },
    cashDrag: {
      cost: "현금이 포트폴리오의 {{cashPct}}%입니다. 포트폴리오의 연 수익률 {{yearlyReturnPct}}%로 투자했다면 1년에 약 {{yearlyCost}}을(를) 벌었을 것입니다.",
      noReturn:
        "현금이 포트폴리오의 {{cashPct}}%입니다. 포트폴리오의 수익률을 아직 알 수 없어 그 비용은 추정하지 않습니다.",
    },
    fees: {
      none: "수수료와 비교할 평가 금액이 없습니다.",
      average: "최근 365일 동안 수수료로 {{fees}}을(를) 냈습니다. 평균 평가 금액의 {{feePct}}%입니다.",
      current: "최근 365일 동안 수수료로 {{fees}}을(를) 냈습니다. 현재 평가 금액의 {{feePct}}%입니다.",
    },
    markets: {
      none: "측정할 보유 종목이 없습니다.",
      spread: "가장 큰 시장인 {{topMarket}}이(가) 투자 금액의 {{topPct}}%입니다.",
      spreadHome:
        "가장 큰 시장인 {{topMarket}}이(가) 투자 금액의 {{topPct}}%이고, 기준 통화로 정한 국내 시장({{homeMarket}})은 {{homePct}}%입니다.",
      oneMarket: "{{topMarket}}이(가) 투자 금액의 {{topPct}}%입니다. 거의 모든 것이 한 시장에 달려 있습니다.",
    },
    drift: {
      none: "목표 자산 배분을 정하지 않았습니다.",
      inside:
        "가장 크게 벗어난 항목은 {{key}}({{dimension}})로 목표와 {{driftPct}}%p 차이이며, 허용 범위 ±{{tolerancePct}}%p 안입니다.",
      outside:
        "가장 크게 벗어난 항목은 {{key}}({{dimension}})로 목표와 {{driftPct}}%p 차이여서 허용 범위 ±{{tolerancePct}}%p를 벗어났습니다. 리밸런싱을 고려하세요.",
    },
  },
  rebalance: {
    buy: "{{symbol}} {{quantity}}주 매수: {{slice}}이(가) {{currentPct}}%로 목표 {{targetPct}}%와 {{driftPct}}%p 차이입니다. {{cashCurrency}} 현금으로 삽니다.",
    buyConverting:
      "{{symbol}} {{quantity}}주 매수: {{slice}}이(가) {{currentPct}}%로 목표 {{targetPct}}%와 {{driftPct}}%p 차이입니다. {{cashCurrency}} 현금을 {{instrumentCurrency}}(으)로 환전해 삽니다.",
    sell: "{{symbol}} {{quantity}}주 매도: {{slice}}이(가) {{currentPct}}%로 목표 {{targetPct}}%와 {{driftPct}}%p 차이입니다. 매도로 목표에 다가가고 그 대금으로 매수합니다.",
    shortfall: {
      nothingHeld:
        "{{slice}}이(가) {{currentPct}}%로 목표 {{targetPct}}%와 {{driftPct}}%p 차이인데, 더 살 보유 종목이 없습니다. 종목을 고르세요.",
      noCash:
        "{{slice}}이(가) {{currentPct}}%로 목표 {{targetPct}}%와 {{driftPct}}%p 차이입니다. 나머지를 매매 단위로 살 현금이 남지 않았습니다.",
      allowSell:
        "{{slice}}이(가) {{currentPct}}%로 목표 {{targetPct}}%와 {{driftPct}}%p 차이입니다. 나머지를 살 여유 현금이 부족합니다. 매도를 허용하면 그 대금으로 살 수 있습니다.",
    },
    summary: {
      selling:
        "거래 {{count}}건으로 허용 범위 ±{{tolerancePct}}%p를 벗어난 {{dimension}} 항목을 목표에 가깝게 맞춥니다. 목표보다 많은 것을 팔아 모자란 것을 삽니다. 수량은 매매 단위로 맞췄고 {{minTrade}} 미만의 거래는 없습니다.",
      cashOnly:
        "거래 {{count}}건으로 허용 범위 ±{{tolerancePct}}%p를 벗어난 {{dimension}} 항목을 목표에 가깝게 맞춥니다. 여유 현금만 씁니다(매도는 허용하지 않음). 수량은 매매 단위로 맞췄고 {{minTrade}} 미만의 거래는 없습니다.",
      impossible: "이 조건으로는 {{dimension}} 기준 거래를 만들 수 없습니다.",
      impossibleAllowSell:
        "이 조건으로는 {{dimension}} 기준 거래를 만들 수 없습니다. 매도를 허용하면 매수 대금을 마련할 수 있습니다.",
      balanced: "모든 {{dimension}} 항목이 목표의 ±{{tolerancePct}}%p 안에 있습니다. 거래할 것이 없습니다.",
    },
  },
  planning: {
    shortsLeftOut: "공매도 포지션 {{count}}개는 자산 계획 수치에서 뺐습니다.",
    noRatePosition: "{{currency}}/{{reportingCurrency}} 환율이 없어 {{symbol}}을(를) 뺐습니다.",
    noClose: "{{symbol}}의 종가가 없어 평균 단가로 평가했습니다.",
    cannotBuy: "{{symbol}}의 종가나 환율이 없어 매수 제안에 넣을 수 없습니다.",
    noRateCash: "{{currency}}/{{reportingCurrency}} 환율이 없어 현금 {{amount}}을(를) 뺐습니다.",
    noRateFees: "{{currency}}/{{reportingCurrency}} 환율이 없어 수수료 {{amount}}을(를) 뺐습니다.",
    historyUnvalued: "과거 평가를 계산할 수 없어({{detail}}) 수익률, 변동성, 평균 평가 금액이 없습니다.",
  },
  goal: {
    accountsGone: "목표에 포함한 계좌 {{count}}개가 더 이상 없습니다.",
    defaultReturn: "기록이 90일보다 짧아 연 {{returnPct}}% 수익률을 가정해 예측했습니다.",
    noRange: "최근 1년의 일별 수익률이 60개보다 적어 예측 범위를 보여 주지 않습니다.",
  },
  snapshot: {
    valuesMismatch: "각 줄의 평가 금액 합계는 {{linesTotal}}인데, 읽은 총액은 {{total}}입니다.",
    purchaseMismatch: "각 줄의 매입 금액 합계는 {{linesTotal}}인데, 읽은 총액은 {{total}}입니다.",
    noLines: "스크린샷에서 보유 종목을 읽지 못했습니다. 줄을 추가하세요.",
    lineNoInstrument: "{{line}}번 줄({{name}}): 종목이 지정되지 않았습니다.",
    lineNoQuantity: "{{line}}번 줄({{name}}): 수량이 없습니다.",
    lineNoValue: "{{line}}번 줄({{name}}): 원화 평가 금액이 없습니다.",
  },
  sync: {
    unauthorized: "{{broker}}이(가) API 키를 거부했습니다(키 ID, 시크릿, 계좌 환경을 확인하세요).",
    rateLimited: "{{broker}}의 요청 한도에 도달했습니다. 나중에 다시 동기화합니다.",
    httpError: "{{broker}}이(가) {{path}} 요청에 {{status}}(으)로 응답했습니다: {{detail}}",
    notJson: "{{broker}}의 {{path}} 응답이 JSON이 아닙니다.",
    notList: "{{broker}}의 활동 내역이 목록 형식이 아닙니다.",
    timedOut: "{{broker}} 응답 시간이 초과되었습니다({{host}}).",
    unreachable: "{{broker}}에 연결할 수 없습니다({{host}}).",
    flexRequestRefused: "{{broker}}이(가) Flex 명세서 요청을 거부했습니다(오류 {{brokerCode}}): {{detail}}",
    flexFetchRefused: "{{broker}}이(가) Flex 명세서 전달을 거부했습니다(오류 {{brokerCode}}): {{detail}}",
    flexNotReady: "{{broker}}이(가) 제때 명세서를 완성하지 못했습니다. 나중에 다시 동기화합니다.",
    readerMissing: "이 빌드에는 Flex XML 리더가 없습니다.",
    unknownBroker: "알 수 없는 증권사: {{broker}}",
    credentialsUnreadable:
      "저장된 인증 정보를 복호화할 수 없습니다(마스터 키가 바뀌었나요?). 다시 입력하세요.",
    internal:
      "Bullpen 내부에서 동기화가 실패했습니다. 아무것도 바뀌지 않았습니다. 자세한 내용은 서버 로그에 있습니다.",
    failed: "동기화 실패: {{detail}}",
  },
  mwr: {
    noFlows: "계산할 현금 흐름이 없습니다",
    oneSided: "모든 흐름이 한 방향이라 맞는 수익률이 없습니다",
    noRoot: "−100%보다 높은 어떤 연 수익률로도 흐름이 맞지 않습니다",
  },
};
