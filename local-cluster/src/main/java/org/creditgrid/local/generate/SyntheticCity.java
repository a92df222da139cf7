package org.creditgrid.local.generate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import org.apache.avro.specific.SpecificRecord;
import org.creditgrid.claim.Grid;
import org.creditgrid.claim.GridUnit;
import org.creditgrid.identity.CreditCode;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.pipeline.Topics;
import org.creditgrid.schema.AbnormalListing;
import org.creditgrid.schema.AbnormalReason;
import org.creditgrid.schema.AnnualReport;
import org.creditgrid.schema.ChangedField;
import org.creditgrid.schema.Coordinates;
import org.creditgrid.schema.CreditRepair;
import org.creditgrid.schema.Crs;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.ClaimHistory;
import org.creditgrid.schema.StandardAddress;
import org.creditgrid.schema.EntityType;
import org.creditgrid.schema.EventKind;
import org.creditgrid.schema.InspectionOutcome;
import org.creditgrid.schema.InspectionResult;
import org.creditgrid.schema.Note;
import org.creditgrid.schema.Penalty;
import org.creditgrid.schema.PenaltyField;
import org.creditgrid.schema.PenaltyKind;
import org.creditgrid.schema.PenaltyProcedure;
import org.creditgrid.schema.Qualification;
import org.creditgrid.schema.QualificationChange;
import org.creditgrid.schema.RegistrationChange;
import org.creditgrid.schema.SeriousBasis;
import org.creditgrid.schema.SeriousListing;
import org.creditgrid.schema.TaxCreditGrade;
import org.creditgrid.schema.TaxGrade;

/**
 * A synthetic Guangzhou: market entities over the 11 districts and a year of their registrations and enforcement
 * events, deterministic from a seed.
 *
 * <p>It streams: first the registry's snapshot of the entities that exist on 1 January (in entity order, over the
 * first hours of the year), then the year month by month. Each entity's story is a pure function of (seed, entity
 * index), so a month is produced by replaying every story and keeping that month's records: memory holds one month,
 * never the city. Within a month records go out in the order they would reach Kafka: event time plus a delivery
 * delay (seconds for most, up to two hours for a few), so some arrive out of order; 0.5 % of enforcement events are
 * delivered twice. Record timestamps are event times.
 */
public final class SyntheticCity {

    public record Settings(int entities, long seed, int year, int badRecords, Topics topics) {}

    /** What was generated, by topic, with the number of deliberately malformed records. */
    public record Totals(int entities, long records, long injectedBad, Map<String, Long> perTopic) {}

    static final ZoneId CHINA = org.creditgrid.calendar.Window.CHINA;
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long ORG_SPACE = 26_439_622_160_671L; // 31^9
    private static final long ORG_MULTIPLIER = 7_919_000_003L;  // coprime with 31: a bijection on the org-code space

    /** Districts by adcode with their share of entities (roughly Guangzhou's registry). */
    private static final String[] DISTRICTS = {"440106", "440111", "440113", "440105", "440104", "440112",
        "440103", "440114", "440115", "440118", "440117"};
    private static final double[] DISTRICT_SHARE = {0.18, 0.17, 0.13, 0.10, 0.08, 0.08, 0.06, 0.07, 0.05, 0.06, 0.02};

    /** Points outside Guangzhou (Foshan, Dongguan, Shenzhen, Zhongshan): real places, wrong city. */
    private static final double[][] ELSEWHERE = {{113.12, 23.02}, {113.75, 23.02}, {114.06, 22.55}, {113.39, 22.52}};

    private static final String[] ROADS = {"中山", "天河", "黄埔", "解放", "人民", "环市", "广州", "东风", "江南", "新港",
        "花城", "珠江", "体育", "工业", "沙河", "石牌", "员村", "科韵", "番禺", "迎宾", "云城", "凤凰", "金沙", "南沙"};
    private static final String[] HUB_ROADS = {"金融", "科创", "创业", "总部", "数码", "国际", "商贸", "信息"};
    private static final String[] ROAD_SUFFIX = {"路", "大道", "街", "大街", "中路", "东路", "西路"};
    private static final String[] NAME_WORDS = {"宏图", "华盛", "金穗", "羊城", "南粤", "创新", "广信", "新锐", "丰泰",
        "瑞祥", "致远", "汇通", "德信", "安泰", "恒昌", "永利", "嘉禾", "天成", "鸿运", "海韵", "珠光", "锦程"};

    private final Settings settings;
    private final Grid grid;
    private final List<List<GridUnit>> unitsByDistrict = new ArrayList<>();
    private final long yearStart;
    private final long yearEnd;

    public SyntheticCity(Settings settings, Grid grid) {
        this.settings = settings;
        this.grid = grid;
        for (String d : DISTRICTS) {
            List<GridUnit> units = grid.unitsOfDistrict(d);
            if (units.isEmpty()) {
                throw new IllegalArgumentException("the grid has no unit in district " + d);
            }
            unitsByDistrict.add(units);
        }
        this.yearStart = LocalDate.of(settings.year(), 1, 1).atStartOfDay(CHINA).toInstant().toEpochMilli();
        this.yearEnd = LocalDate.of(settings.year() + 1, 1, 1).atStartOfDay(CHINA).toInstant().toEpochMilli();
    }

    /**
     * The division code a registering authority put in the credit code (positions 3-8), as in Guangzhou's registry:
     * 20 % registered by the city-level authority (440101, 广州市市辖区), and half of those registered before a district
     * merged or was renamed keep its former code for life (萝岗区 440116 → 黄埔区 2014, 增城市 440183 and 从化市 440184 →
     * districts 2014, 东山区 440102 → 越秀区 and 芳村区 440107 → 荔湾区 2005, 番禺市 440181 and 花都市 440182 →
     * districts 2000; MCA division change lists). Drawn from a side stream, so the rest of the city is as before.
     */
    static String registeringDivision(String district, LocalDate established, int index) {
        SplittableRandom side = new SplittableRandom(0x5DEECE66DL * 31 + index * 0x9E3779B97F4A7C15L);
        if (side.nextDouble() < 0.20) {
            return "440101";
        }
        String former = switch (district) {
            case "440112" -> established.getYear() < 2014 ? "440116" : null;
            case "440118" -> established.getYear() < 2014 ? "440183" : null;
            case "440117" -> established.getYear() < 2014 ? "440184" : null;
            case "440104" -> established.getYear() < 2005 ? "440102" : null;
            case "440103" -> established.getYear() < 2005 ? "440107" : null;
            case "440113" -> established.getYear() < 2000 ? "440181" : null;
            case "440114" -> established.getYear() < 2000 ? "440182" : null;
            default -> null;
        };
        return former != null && side.nextBoolean() ? former : district;
    }

    // -------------------------------------------------------------- streaming

    private record Out(long emitAt, String topic, byte[] key, byte[] value, long timestamp) {}

    private static final AvroCodec<EnterpriseRegistration> REGISTRATION = AvroCodec.of(EnterpriseRegistration.class);
    private static final AvroCodec<StandardAddress> STANDARD_ADDRESS = AvroCodec.of(StandardAddress.class);
    private static final AvroCodec<EnforcementEvent> EVENT = AvroCodec.of(EnforcementEvent.class);
    private static final AvroCodec<ClaimHistory> CLAIM_HISTORY = AvroCodec.of(ClaimHistory.class);

    /** Generates everything into {@code sink}; {@code progress} receives the running record count. */
    public Totals generate(RecordSink sink, LongConsumer progress) {
        Map<String, Long> perTopic = new LinkedHashMap<>();
        long[] count = {0};
        Topics topics = settings.topics();
        perTopic.put(topics.registrations(), 0L);
        perTopic.put(topics.events(), 0L);
        // 0. The standard address database (the addresses entities have on 1 January), before anything else.
        perTopic.put(topics.standardAddresses(), 0L);
        for (int i = 0; i < settings.entities(); i++) {
            StandardAddress a = story(i).standardAddressEntry(yearStart - DAY);
            if (a != null) {
                emit(sink, perTopic, count, progress, topics.standardAddresses(), a.getAddressId(),
                        STANDARD_ADDRESS.encode(a), yearStart - DAY);
            }
        }
        // 0b. Historical claims from the system CreditGrid replaces: most entities registered before the year.
        perTopic.put(topics.claimHistory(), 0L);
        for (int i = 0; i < settings.entities(); i++) {
            ClaimHistory h = story(i).historicalClaim(yearStart - DAY);
            if (h != null) {
                emit(sink, perTopic, count, progress, topics.claimHistory(), h.getCreditCode(),
                        CLAIM_HISTORY.encode(h), yearStart - DAY);
            }
        }
        // 1. The registry on 1 January, spread over the first six hours.
        long step = Math.max(1, 6 * HOUR / Math.max(1, settings.entities()));
        for (int i = 0; i < settings.entities(); i++) {
            Story s = story(i);
            if (s.existing) {
                EnterpriseRegistration r = s.registration(RegistrationChange.ESTABLISHED, List.of(),
                        yearStart + i * step, s.code + "-R0");
                emit(sink, perTopic, count, progress, topics.registrations(), s.code, REGISTRATION.encode(r),
                        r.getEventTime().toEpochMilli());
            }
        }
        // 2. The year, month by month, with the malformed records mixed in.
        BadRecords bad = new BadRecords(settings.seed(), settings.badRecords(), topics, yearStart, yearEnd);
        long injected = 0;
        for (int month = 0; month < 12; month++) {
            long from = LocalDate.of(settings.year(), month + 1, 1).atStartOfDay(CHINA).toInstant().toEpochMilli();
            long to = month == 11 ? yearEnd
                    : LocalDate.of(settings.year(), month + 2, 1).atStartOfDay(CHINA).toInstant().toEpochMilli();
            List<Out> chunk = new ArrayList<>();
            for (int i = 0; i < settings.entities(); i++) {
                story(i).yearRecords(from, to, chunk, topics);
            }
            for (BadRecords.Bad b : bad.between(from, to)) {
                chunk.add(new Out(b.timestamp(), b.topic(), b.key(), b.value(), b.timestamp()));
                injected++;
            }
            chunk.sort(Comparator.comparingLong(Out::emitAt));
            for (Out o : chunk) {
                emit(sink, perTopic, count, progress, o.topic(), null, o.value(), o.timestamp(), o.key());
            }
        }
        return new Totals(settings.entities(), count[0], injected, perTopic);
    }

    private static void emit(RecordSink sink, Map<String, Long> perTopic, long[] count, LongConsumer progress,
                             String topic, String key, byte[] value, long timestamp) {
        emit(sink, perTopic, count, progress, topic, key, value, timestamp, null);
    }

    private static void emit(RecordSink sink, Map<String, Long> perTopic, long[] count, LongConsumer progress,
                             String topic, String key, byte[] value, long timestamp, byte[] rawKey) {
        byte[] k = rawKey != null ? rawKey : key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        sink.send(topic, k, value, timestamp);
        perTopic.merge(topic, 1L, Long::sum);
        count[0]++;
        if (progress != null && (count[0] & 1023) == 0) {
            progress.accept(count[0]);
        }
    }

    // ------------------------------------------------------------------ story

    Story story(int index) {
        return new Story(index);
    }

    /** One entity's life: its registration and everything that happens to it during the year. */
    final class Story {
        final int index;
        final SplittableRandom random;
        final String code;
        final int district;
        final IndustryMix.Industry industry;
        final EntityType type;
        final String name;
        final boolean existing;
        final LocalDate established;
        final long birth;
        final long capital;
        private int locatedIn;
        private int moves;
        private String address;
        /** The address as the standard address database writes it (the registrant may write it differently). */
        private String standardAddress;
        /** The unit the entity truly lies in (for the claim accuracy), and whether its address is in the database. */
        private String trueUnit;
        private boolean inDatabase;
        private Coordinates coordinates;
        String legalRepresentative;

        Story(int index) {
            this.index = index;
            this.random = new SplittableRandom(settings.seed() * 0x9E3779B97F4A7C15L + index);
            this.district = pickDistrict(random.nextDouble());
            this.industry = IndustryMix.pick(random);
            this.type = random.nextDouble() < 0.30 ? EntityType.INDIVIDUAL_BUSINESS
                    : random.nextDouble() < 0.9 ? EntityType.LIMITED_COMPANY
                    : EntityType.values()[1 + random.nextInt(6)];
            long org = Math.floorMod(index * ORG_MULTIPLIER + settings.seed() * 104_729L, ORG_SPACE);
            char[] orgChars = new char[9];
            for (int i = 8; i >= 0; i--) {
                orgChars[i] = CreditCode.ALPHABET.charAt((int) (org % 31));
                org /= 31;
            }
            this.name = "广州市" + NAME_WORDS[random.nextInt(NAME_WORDS.length)]
                    + NAME_WORDS[random.nextInt(NAME_WORDS.length)] + industry.label()
                    + (type == EntityType.INDIVIDUAL_BUSINESS ? "店" : "有限公司");
            this.existing = random.nextDouble() >= 0.12;
            if (existing) {
                long ageDays = 1 + (long) (-Math.log(1 - random.nextDouble()) * 4 * 365);
                this.established = LocalDate.of(settings.year(), 1, 1).minusDays(Math.min(ageDays, 30 * 365));
                this.birth = yearStart;
            } else {
                long t = yearStart + DAY + (long) (random.nextDouble() * 350 * DAY);
                this.established = Instant.ofEpochMilli(t).atZone(CHINA).toLocalDate();
                this.birth = established.atStartOfDay(CHINA).toInstant().toEpochMilli() + 9 * HOUR
                        + random.nextInt(8 * 60) * MINUTE;
            }
            this.capital = 10_000L * (1 + (long) (-Math.log(1 - random.nextDouble()) * 100));
            this.legalRepresentative = "LR" + Long.toHexString(random.nextLong() & 0xffffffffffL);
            // 4 % are run by someone who runs several enterprises (from a side stream: the rest of the city stays
            // as it was drawn).
            SplittableRandom side = new SplittableRandom(settings.seed() * 0x9E3779B97F4A7C15L + index);
            if (side.nextDouble() < 0.04) {
                this.legalRepresentative = "LRS" + side.nextInt(Math.max(1, settings.entities() / 100));
            }
            this.locatedIn = district;
            this.code = CreditCode.withCheckCharacter((type == EntityType.INDIVIDUAL_BUSINESS ? "92" : "91")
                    + registeringDivision(DISTRICTS[district], established, index) + new String(orgChars));
        }

        /** Moves the entity to district {@code d}; its new address is drawn when a registration needs it. */
        void moveTo(int d) {
            locatedIn = d;
            moves++;
            address = null;
        }

        /**
         * The address in the current district: text, and coordinates (4 % none, 1.5 % outside the city). Drawn
         * lazily from its own random stream (seed, entity, move), since point-in-polygon sampling is the costly part.
         */
        private void locate() {
            if (address != null) {
                return;
            }
            int d = locatedIn;
            String districtName = unitsByDistrict.get(d).get(0).districtName();
            SplittableRandom random = new SplittableRandom(settings.seed() * 0x632BE59BD9B4E019L + index * 131L + moves);
            String street = ROADS[random.nextInt(ROADS.length)] + ROAD_SUFFIX[random.nextInt(ROAD_SUFFIX.length)]
                    + (1 + random.nextInt(999)) + "号"
                    + (random.nextDouble() < 0.4 ? (1 + random.nextInt(30)) + "栋" + (101 + random.nextInt(20)) + "房" : "");
            double u = random.nextDouble();
            List<GridUnit> units = unitsByDistrict.get(d);
            GridUnit unit = units.get(random.nextInt(units.size()));
            // Roads belong to a township (the road is named after it here), so one address text is one place.
            address = "广州市" + districtName + unit.unitName().replaceAll("(街道|镇|监管单元)$", "") + street;
            double[] gcj = grid.randomPointIn(unit.unitId(), random);
            if (u < 0.04) {
                coordinates = null;
            } else if (u < 0.055) {
                double[] p = ELSEWHERE[random.nextInt(ELSEWHERE.length)];
                coordinates = new Coordinates(p[0] + random.nextDouble() * 0.02, p[1] + random.nextDouble() * 0.02,
                        Crs.GCJ02);
            } else {
                double c = random.nextDouble();
                Crs crs = c < 0.7 ? Crs.GCJ02 : c < 0.95 ? Crs.WGS84 : Crs.CGCS2000;
                double[] p = crs == Crs.GCJ02 ? gcj : Grid.convert(gcj[0], gcj[1], Crs.GCJ02, crs);
                coordinates = new Coordinates(round6(p[0]), round6(p[1]), crs);
            }
            trueUnit = unit.unitId();
            standardAddress = address;
            if (random.nextDouble() < 0.03) {
                // A cluster-registration address (a business centre hosting many enterprises), written as
                // registrants write it: with or without the city, with full-width digits now and then.
                int hub = random.nextInt(8);
                address = (random.nextBoolean() ? "广州市" : "") + districtName + HUB_ROADS[hub] + "路"
                        + (random.nextDouble() < 0.2 ? "８８" : "88") + "号商务中心";
                standardAddress = null; // hosted, not surveyed: not in the database
            }
            // 93 % of surveyed addresses are in the database; a quarter of registrants write theirs their own way.
            inDatabase = standardAddress != null && random.nextDouble() < 0.93;
            if (standardAddress != null && random.nextDouble() < 0.25) {
                address = switch (random.nextInt(4)) {
                    case 0 -> address.replaceFirst("^广州市", "");
                    case 1 -> "广东省" + address;
                    case 2 -> address.replace('号', '號').replace('栋', '幢');
                    default -> toFullWidthDigits(address);
                };
            }
        }

        EnterpriseRegistration registration(RegistrationChange change, List<ChangedField> changed, long time,
                                            String eventId) {
            locate();
            return EnterpriseRegistration.newBuilder()
                    .setEventId(eventId)
                    .setCreditCode(code)
                    .setChange(change)
                    .setChangedFields(new ArrayList<>(changed))
                    .setEventTime(Instant.ofEpochMilli(time))
                    .setName(name)
                    .setEntityType(type)
                    .setIndustryCode(industry.code())
                    .setLicences(new ArrayList<>(industry.licences()))
                    .setAddress(address)
                    .setCoordinates(coordinates)
                    .setRegisteredCapital(capital)
                    .setEstablishedDate(established)
                    .setLegalRepresentative(legalRepresentative)
                    .build();
        }

        /** Its entry in the standard address database, or null if its address is not in it. */
        StandardAddress standardAddressEntry(long time) {
            locate();
            if (!inDatabase) {
                return null;
            }
            return StandardAddress.newBuilder()
                    .setAddressId("SA" + settings.seed() % 1000 + "-" + index + "-" + moves)
                    .setAddress(standardAddress)
                    .setBuilding(null)
                    .setBasicGrid(null)
                    .setUnitId(trueUnit)
                    .setDistrictCode(unitsByDistrict.get(locatedIn).get(0).districtCode())
                    .setLocation(null)
                    .setAbnormal(false)
                    .setDeleted(false)
                    .setUpdateTime(Instant.ofEpochMilli(time))
                    .build();
        }

        /**
         * Its claim in the system CreditGrid replaces, for 70 % of the entities registered before the year: the unit
         * of the address it had then (which a later move makes stale).
         */
        ClaimHistory historicalClaim(long time) {
            if (!existing || new SplittableRandom(settings.seed() * 31 + index).nextDouble() >= 0.7) {
                return null;
            }
            return ClaimHistory.newBuilder()
                    .setRecordId("LEGACY-" + code)
                    .setCreditCode(code)
                    .setUnitId(trueUnit())
                    .setClaimedAt(Instant.ofEpochMilli(time))
                    .setSource("grid claims 2019-2025")
                    .build();
        }

        /** The unit it truly lies in at its current address. */
        String trueUnit() {
            locate();
            return trueUnit;
        }

        /** Appends this entity's records whose event time falls in [from, to). */
        void yearRecords(long from, long to, List<Out> out, Topics topics) {
            List<Object[]> happenings = happenings(); // {time, record}
            for (Object[] h : happenings) {
                long t = (Long) h[0];
                if (t < from || t >= to) {
                    continue;
                }
                SpecificRecord r = (SpecificRecord) h[1];
                long delay = random.nextDouble() < 0.97 ? random.nextInt(120_000) : random.nextLong(2 * HOUR);
                byte[] key = code.getBytes(StandardCharsets.UTF_8);
                if (r instanceof EnterpriseRegistration reg) {
                    out.add(new Out(t + delay, topics.registrations(), key, REGISTRATION.encode(reg), t));
                } else {
                    byte[] value = EVENT.encode((EnforcementEvent) r);
                    out.add(new Out(t + delay, topics.events(), key, value, t));
                    if (random.nextDouble() < 0.005) {
                        out.add(new Out(t + delay + random.nextInt(600_000), topics.events(), key, value, t));
                    }
                }
            }
        }

        /** Everything that happens during the year, in no particular order. Deterministic per entity. */
        List<Object[]> happenings() {
            SplittableRandom r = new SplittableRandom(settings.seed() * 31 + index * 0x2545F4914F6CDD1DL);
            List<Object[]> h = new ArrayList<>();
            int[] seq = {0};
            long start = Math.max(birth, yearStart + DAY);
            long death = r.nextDouble() < 0.015 ? start + (long) (r.nextDouble() * (yearEnd - start - DAY)) : yearEnd;
            if (!existing) {
                h.add(new Object[] {birth, registration(RegistrationChange.ESTABLISHED, List.of(), birth, code + "-R0")});
            }
            // annual report for the previous year: due by 30 June
            if (existing) {
                long due = LocalDate.of(settings.year(), 7, 1).atStartOfDay(CHINA).toInstant().toEpochMilli();
                if (r.nextDouble() < 0.96) {
                    add(h, seq, between(r, start, due - DAY), EventKind.ANNUAL_REPORT_FILED, "SAMR",
                            new AnnualReport(settings.year() - 1), death);
                } else {
                    add(h, seq, due + 9 * HOUR, EventKind.ANNUAL_REPORT_OVERDUE, "SAMR",
                            new AnnualReport(settings.year() - 1), death);
                    long listed = due + (1 + r.nextInt(20)) * DAY;
                    add(h, seq, listed, EventKind.ABNORMAL_LIST_ADDED, "SAMR",
                            new AbnormalListing(AbnormalReason.NO_ANNUAL_REPORT), death);
                    if (r.nextDouble() < 0.35) {
                        long filed = listed + (10 + r.nextInt(80)) * DAY;
                        add(h, seq, filed, EventKind.ANNUAL_REPORT_FILED, "SAMR", new AnnualReport(settings.year() - 1), death);
                        add(h, seq, filed + DAY, EventKind.ABNORMAL_LIST_REMOVED, "SAMR", null, death);
                    }
                }
            }
            // penalties, some repaired, a few leading to the serious list
            if (r.nextDouble() < 0.025) {
                long t = between(r, start, death);
                double k = r.nextDouble();
                PenaltyKind kind = k < 0.6 ? PenaltyKind.FINE : k < 0.8 ? PenaltyKind.WARNING
                        : k < 0.9 ? PenaltyKind.CONFISCATION : k < 0.95 ? PenaltyKind.LICENCE_ACTION
                        : k < 0.99 ? PenaltyKind.SUSPENSION : PenaltyKind.REVOCATION;
                boolean normal = r.nextDouble() < 0.7;
                boolean heavier = kind != PenaltyKind.WARNING && normal && r.nextDouble() < 0.1;
                String decision = "穗市监罚〔" + settings.year() + "〕" + (index % 100_000) + "号";
                PenaltyField field = r.nextDouble() < 0.8 ? industry.field() : PenaltyField.GENERAL;
                Long fine = kind == PenaltyKind.FINE ? 1000L * (1 + (long) (-Math.log(1 - r.nextDouble()) * 20)) : null;
                add(h, seq, t, EventKind.PENALTY, industry.department(),
                        new Penalty(decision, normal ? PenaltyProcedure.NORMAL : PenaltyProcedure.SIMPLE, kind, fine,
                                field, heavier), death);
                if (heavier && r.nextDouble() < 0.3) {
                    add(h, seq, t + 30 * DAY, EventKind.SERIOUS_LIST_ADDED, "SAMR",
                            new SeriousListing(SeriousBasis.HEAVIER_PENALTY), death);
                } else if (normal && r.nextDouble() < 0.15) {
                    add(h, seq, t + 180 * DAY, EventKind.CREDIT_REPAIRED, "SAMR", new CreditRepair(decision), death);
                }
            }
            // complaints (12315), a heavy tail of repeatedly complained-about entities
            int complaints = poisson(r, industry.complaintRate());
            if (r.nextDouble() < 0.01) {
                complaints += 2 + r.nextInt(10);
            }
            for (int c = 0; c < complaints; c++) {
                add(h, seq, between(r, start, death), EventKind.COMPLAINT, "SAMR-12315", new Note("12315 complaint"), death);
            }
            // inspections and their results
            if (r.nextDouble() < 0.06) {
                double o = r.nextDouble();
                InspectionResult result = o < 0.80 ? InspectionResult.OK : o < 0.92 ? InspectionResult.PROBLEM_CORRECTED
                        : o < 0.96 ? InspectionResult.VIOLATION_CASE : InspectionResult.NOT_FOUND_AT_ADDRESS;
                add(h, seq, between(r, start, death), EventKind.INSPECTION_RESULT, industry.department(),
                        new InspectionOutcome(industry.inspectionType(), result, null), death);
            }
            if (r.nextDouble() < 0.004) {
                add(h, seq, between(r, start, death), EventKind.DATA_ALERT, "SAMR-DATA", new Note("monitoring alert"), death);
            }
            if (r.nextDouble() < 0.003) {
                add(h, seq, between(r, start, death), EventKind.REFERRAL, "PUBLIC-SECURITY", new Note("case referral"), death);
            }
            if (r.nextDouble() < 0.004) {
                add(h, seq, between(r, start, death), EventKind.COURT_DISHONEST_DEBTOR, "COURT", null, death);
            }
            if (existing && r.nextDouble() < 0.6) {
                long april = LocalDate.of(settings.year(), 4, 1).atStartOfDay(CHINA).toInstant().toEpochMilli();
                double g = r.nextDouble();
                TaxCreditGrade grade = g < 0.3 ? TaxCreditGrade.A : g < 0.8 ? TaxCreditGrade.B
                        : g < 0.9 ? TaxCreditGrade.M : g < 0.96 ? TaxCreditGrade.C : TaxCreditGrade.D;
                add(h, seq, april + r.nextInt(29) * DAY + 10 * HOUR, EventKind.TAX_CREDIT_GRADE, "TAX",
                        new TaxGrade(grade, settings.year() - 1), death);
            }
            if ((industry.inclusive() && r.nextDouble() < 0.75) || r.nextDouble() < 0.001) {
                Qualification q = industry.code().startsWith("R") ? Qualification.CULTURAL_CREATIVE : Qualification.HIGH_TECH;
                add(h, seq, between(r, start, death), EventKind.QUALIFICATION_GRANTED, "SCIENCE", new QualificationChange(q), death);
            }
            // registration changes: a move (4 %), a new legal representative (3 %), applied in time order
            long move = r.nextDouble() < 0.04 ? between(r, start, death) : -1;
            long newRep = r.nextDouble() < 0.03 ? between(r, start, death) : -1;
            int moveTo = r.nextDouble() < 0.7 ? district : pickDistrict(r.nextDouble());
            String rep = "LR" + Long.toHexString(r.nextLong() & 0xffffffffffL);
            for (int step = 0; step < 2; step++) {
                boolean moveNow = move >= 0 && (newRep < 0 || (step == 0) == (move <= newRep));
                if (moveNow) {
                    moveTo(moveTo);
                    h.add(new Object[] {move, registration(RegistrationChange.CHANGED, List.of(ChangedField.ADDRESS),
                            move, code + "-R" + (++seq[0]))});
                    move = -1;
                } else if (newRep >= 0) {
                    legalRepresentative = rep;
                    h.add(new Object[] {newRep, registration(RegistrationChange.CHANGED,
                            List.of(ChangedField.LEGAL_REPRESENTATIVE), newRep, code + "-R" + (++seq[0]))});
                    newRep = -1;
                }
            }
            if (death < yearEnd) {
                h.add(new Object[] {death, registration(RegistrationChange.DEREGISTERED, List.of(), death,
                        code + "-R" + (++seq[0]))});
            }
            return h;
        }

        private void add(List<Object[]> h, int[] seq, long time, EventKind kind, String department, Object detail,
                         long death) {
            if (time >= death || time >= yearEnd) {
                return;
            }
            h.add(new Object[] {time, EnforcementEvent.newBuilder()
                    .setEventId(code + "-E" + (++seq[0]))
                    .setCreditCode(code)
                    .setEventTime(Instant.ofEpochMilli(time))
                    .setDepartment(department)
                    .setKind(kind)
                    .setDetail(detail)
                    .build()});
        }
    }

    private static int pickDistrict(double u) {
        double sum = 0;
        for (int i = 0; i < DISTRICT_SHARE.length; i++) {
            sum += DISTRICT_SHARE[i];
            if (u < sum) {
                return i;
            }
        }
        return DISTRICT_SHARE.length - 1;
    }

    private static long between(SplittableRandom r, long from, long to) {
        return to <= from ? from : from + (long) (r.nextDouble() * (to - from));
    }

    private static int poisson(SplittableRandom r, double mean) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

    private static String toFullWidthDigits(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(c >= '0' && c <= '9' ? (char) (c - '0' + '０') : c);
        }
        return b.toString();
    }

    /** The last instant of the simulated year (China time): nothing the city does is later. */
    public Instant lastInstant() {
        return Instant.ofEpochMilli(yearEnd - 1);
    }

    /** The unit each entity truly lies in at the end of the year, by credit code (the claim model's ground truth). */
    public Map<String, String> trueUnits() {
        Map<String, String> truth = new java.util.HashMap<>();
        for (int i = 0; i < settings.entities(); i++) {
            Story s = story(i);
            s.happenings(); // applies the year's moves
            truth.put(s.code, s.trueUnit());
        }
        return truth;
    }

    private static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
