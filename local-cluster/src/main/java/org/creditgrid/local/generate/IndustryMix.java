package org.creditgrid.local.generate;

import java.util.List;
import java.util.random.RandomGenerator;
import org.creditgrid.schema.Licence;
import org.creditgrid.schema.PenaltyField;

/**
 * The GB/T 4754-2017 industry mix of the synthetic city. Key-field industries (food and drugs, public health,
 * transport, public safety) add up to 2.8 % of entities and inclusive ones (software, R&D, culture) to 0.9 %, the
 * seed's 86,000 and 29,000 of 3.1 million.
 */
final class IndustryMix {

    record Industry(String code, String label, double share, List<Licence> licences, PenaltyField field,
                    String department, String inspectionType, boolean inclusive, double complaintRate) {}

    static final List<Industry> INDUSTRIES = List.of(
            // key fields: 2.8 %
            new Industry("H6210", "餐饮", 0.0120, List.of(Licence.FOOD), PenaltyField.FOOD, "SAMR-FOOD", "FOOD_SAFETY", false, 0.45),
            new Industry("F5126", "食品零售", 0.0050, List.of(Licence.FOOD), PenaltyField.FOOD, "SAMR-FOOD", "FOOD_SAFETY", false, 0.25),
            new Industry("F5127", "食品批发", 0.0010, List.of(Licence.FOOD), PenaltyField.FOOD, "SAMR-FOOD", "FOOD_SAFETY", false, 0.10),
            new Industry("C1469", "食品制造", 0.0015, List.of(Licence.FOOD), PenaltyField.FOOD, "SAMR-FOOD", "FOOD_PRODUCTION", false, 0.08),
            new Industry("C2710", "医药制造", 0.0005, List.of(Licence.DRUG), PenaltyField.DRUG, "MPA", "DRUG_GMP", false, 0.05),
            new Industry("F5251", "药品零售", 0.0020, List.of(Licence.DRUG), PenaltyField.DRUG, "MPA", "DRUG_RETAIL", false, 0.20),
            new Industry("Q8411", "医疗卫生", 0.0010, List.of(Licence.PUBLIC_HEALTH), PenaltyField.GENERAL, "HEALTH", "PUBLIC_HEALTH", false, 0.20),
            new Industry("G5410", "道路运输", 0.0040, List.of(Licence.ROAD_TRANSPORT), PenaltyField.GENERAL, "TRANSPORT", "ROAD_TRANSPORT", false, 0.10),
            new Industry("C2614", "化工", 0.0010, List.of(Licence.HAZARDOUS_CHEMICALS), PenaltyField.PRODUCT_QUALITY, "EMERGENCY", "HAZARDOUS_CHEMICALS", false, 0.03),
            // inclusive: 0.9 %
            new Industry("I6513", "软件开发", 0.0040, List.of(), PenaltyField.GENERAL, "SAMR", "LICENCE_COMPLIANCE", true, 0.02),
            new Industry("M7320", "研究开发", 0.0020, List.of(), PenaltyField.GENERAL, "SAMR", "LICENCE_COMPLIANCE", true, 0.01),
            new Industry("R8710", "文化艺术", 0.0020, List.of(), PenaltyField.ADVERTISING, "CULTURE", "CULTURAL_MARKET", true, 0.03),
            new Industry("R8610", "影视", 0.0010, List.of(), PenaltyField.ADVERTISING, "CULTURE", "CULTURAL_MARKET", true, 0.03),
            // general: 96.3 %
            new Industry("F5137", "服装批发", 0.1400, List.of(), PenaltyField.PRODUCT_QUALITY, "SAMR", "PRODUCT_QUALITY", false, 0.06),
            new Industry("F5261", "日用品零售", 0.1600, List.of(), PenaltyField.PRICE, "SAMR", "PRICE", false, 0.08),
            new Industry("L7212", "商务服务", 0.1500, List.of(), PenaltyField.GENERAL, "SAMR", "LICENCE_COMPLIANCE", false, 0.03),
            new Industry("L7251", "广告", 0.0600, List.of(), PenaltyField.ADVERTISING, "SAMR", "ADVERTISING", false, 0.03),
            new Industry("I6510", "信息技术服务", 0.0800, List.of(), PenaltyField.GENERAL, "SAMR", "LICENCE_COMPLIANCE", false, 0.02),
            new Industry("E4790", "建筑装饰", 0.0700, List.of(), PenaltyField.GENERAL, "HOUSING", "CONSTRUCTION", false, 0.05),
            new Industry("C3311", "金属制品", 0.0500, List.of(), PenaltyField.PRODUCT_QUALITY, "SAMR", "PRODUCT_QUALITY", false, 0.02),
            new Industry("K7020", "房地产中介", 0.0500, List.of(), PenaltyField.COMPETITION, "HOUSING", "REAL_ESTATE", false, 0.10),
            new Industry("O8051", "居民服务", 0.0900, List.of(), PenaltyField.PRICE, "SAMR", "PRICE", false, 0.06),
            new Industry("M7520", "技术推广", 0.0430, List.of(), PenaltyField.GENERAL, "SAMR", "LICENCE_COMPLIANCE", false, 0.02),
            new Industry("A0511", "农业服务", 0.0200, List.of(), PenaltyField.GENERAL, "AGRICULTURE", "AGRICULTURE", false, 0.01),
            new Industry("S9221", "社会组织服务", 0.0500, List.of(), PenaltyField.GENERAL, "SAMR", "LICENCE_COMPLIANCE", false, 0.02));

    private static final double[] CUMULATIVE;

    static {
        CUMULATIVE = new double[INDUSTRIES.size()];
        double sum = 0;
        for (int i = 0; i < INDUSTRIES.size(); i++) {
            sum += INDUSTRIES.get(i).share();
            CUMULATIVE[i] = sum;
        }
        if (Math.abs(sum - 1.0) > 1e-9) {
            throw new IllegalStateException("industry shares add up to " + sum);
        }
    }

    private IndustryMix() {}

    static Industry pick(RandomGenerator random) {
        double u = random.nextDouble();
        for (int i = 0; i < CUMULATIVE.length; i++) {
            if (u < CUMULATIVE[i]) {
                return INDUSTRIES.get(i);
            }
        }
        return INDUSTRIES.get(INDUSTRIES.size() - 1);
    }
}
