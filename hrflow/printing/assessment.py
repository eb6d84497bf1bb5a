"""Assessment forms as PDF: 年度考核登记表 (one per person, or a batch) and 考核结果汇总表."""
