package org.creditgrid.claim;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.icu.text.Transliterator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.creditgrid.RealWorld;
import org.creditgrid.identity.Divisions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Address keys: the real-world corpus, and seeded properties over generated places of Guangzhou. Every spelling of one
 * place gives its key (prefixes, former district names, traditional characters, full-width digits, Chinese numerals,
 * the ways of writing ranges, buildings, floors and rooms, spaces and punctuation); a key is its own key; neighbouring
 * places (the next number, a range against the concatenated number, a list against a range, a sub-number, building
 * and room split differently) get other keys.
 */
class AddressKeyPropertyTest {

    private static final String[] ROADS = {"天河路", "中山八路", "体育西路", "解放北路", "科学大道", "新港西路",
        "东风中路", "花地大道南", "府佑路", "农林下路", "广园东路", "黄埔大道西", "长堤大马路", "江南大道中"};
    private static final Transliterator TO_TRADITIONAL = Transliterator.getInstance("Simplified-Traditional");

    static Stream<Arguments> corpus() {
        return RealWorld.cases("address-keys.csv");
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @MethodSource("corpus")
    void realWorldAddresses(String first, String second, String same, String source) {
        String a = AddressText.normalise(first);
        String b = AddressText.normalise(second);
        if (Boolean.parseBoolean(same)) {
            assertThat(a).as(source).isEqualTo(b);
        } else {
            assertThat(a).as(source).isNotEqualTo(b);
        }
        assertThat(AddressText.normalise(a)).as("a key is its own key").isEqualTo(a);
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everySpellingOfAPlaceGivesItsKeyAndAKeyIsItsOwnKey(long seed) {
        Random random = new Random(seed);
        Place place = Place.random(random);
        String key = AddressText.normalise(place.canonical());
        assertThat(AddressText.normalise(key)).as("idempotent: %s", key).isEqualTo(key);
        for (int i = 0; i < 20; i++) {
            String variant = place.variant(random);
            assertThat(AddressText.normalise(variant)).as("%s ~ %s", variant, place.canonical()).isEqualTo(key);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void neighbouringPlacesGetOtherKeys(long seed) {
        Random random = new Random(seed);
        Place place = Place.random(random);
        Set<String> keys = new HashSet<>();
        List<String> written = new ArrayList<>();
        for (Place p : place.neighbours()) {
            written.add(p.canonical());
            keys.add(AddressText.normalise(p.canonical()));
        }
        assertThat(keys).as("distinct keys for %s", written).hasSize(written.size());
    }

    /** A generated place: one of Guangzhou's districts, a road, a house number and maybe a building, floor, room. */
    record Place(String district, List<String> districtNames, String road, int a, int b, char kind, String building,
                 Integer floor, Integer room) {

        static Place random(Random r) {
            List<Divisions.Division> current = Divisions.standard().countiesOf("4401").stream()
                    .filter(Divisions.Division::current).toList();
            Divisions.Division d = current.get(r.nextInt(current.size()));
            List<String> names = new ArrayList<>(List.of(d.name()));
            Divisions.standard().countiesOf("4401").stream()
                    .filter(h -> !h.current() && d.code().equals(h.successor())).forEach(h -> names.add(h.name()));
            char kind = "nnnn-、之".charAt(r.nextInt(7));
            int a = 1 + r.nextInt(300);
            int b = kind == 'n' ? 0 : kind == '之' ? 1 + r.nextInt(9) : a + 1 + r.nextInt(9);
            String building = r.nextInt(3) == 0 ? null
                    : r.nextBoolean() ? String.valueOf(1 + r.nextInt(30)) : String.valueOf((char) ('A' + r.nextInt(4)));
            Integer floor = r.nextInt(3) == 0 ? 1 + r.nextInt(40) : null;
            Integer room = r.nextInt(2) == 0 ? 101 + r.nextInt(3000) : null;
            return new Place(d.name(), names, ROADS[r.nextInt(ROADS.length)], a, b, kind, building, floor, room);
        }

        String number(String rangeSeparator, String listSeparator) {
            return switch (kind) {
                case '-' -> a + rangeSeparator + b;
                case '、' -> a + listSeparator + b;
                case '之' -> a + "之" + b;
                default -> String.valueOf(a);
            };
        }

        String canonical() {
            return "广州市" + district + road + number("-", "、") + "号" + (building == null ? "" : building + "栋")
                    + (floor == null ? "" : floor + "层") + (room == null ? "" : room + "室");
        }

        String variant(Random r) {
            String[] prefixes = {"", "广州市", "广州", "广东省广州市", "广东广州", "中国广东省广州市", "中华人民共和国广东省广州市"};
            String[] ranges = {"-", "至", "～", "—", "~", "－", " - "};
            String[] lists = {"、", "，", ",", "/"};
            String[] buildings = {"栋", "幢", "座", "号楼"};
            String[] floors = {"层", "楼", "F"};
            String[] rooms = {"室", "房", "号房"};
            String sep = r.nextInt(4) == 0 ? pick(r, " ", "，", " ,") : "";
            boolean numerals = kind == 'n' && r.nextInt(4) == 0;
            String number = numerals ? chinese(a) : number(pick(r, ranges), pick(r, lists));
            StringBuilder s = new StringBuilder(pick(r, prefixes)).append(sep)
                    .append(districtNames.get(r.nextInt(districtNames.size()))).append(sep)
                    .append(road).append(sep).append(number).append(!numerals && r.nextInt(5) == 0 ? "#" : "号");
            if (building != null) {
                s.append(sep).append(building).append(pick(r, buildings));
            }
            if (floor != null) {
                s.append(sep).append(floor).append(pick(r, floors));
            }
            if (room != null) {
                s.append(sep).append(room).append(pick(r, rooms));
            }
            String out = s.toString();
            if (r.nextInt(3) == 0) {
                out = TO_TRADITIONAL.transliterate(out);
            }
            if (r.nextInt(3) == 0) {
                StringBuilder w = new StringBuilder();
                out.chars().forEach(c -> w.append(c >= '0' && c <= '9' ? (char) (c - '0' + '０') : (char) c));
                out = w.toString();
            }
            return out;
        }

        List<Place> neighbours() {
            List<Place> n = new ArrayList<>();
            n.add(this);
            n.add(new Place(district, districtNames, road, a + 1, b == 0 ? 0 : b + 1, kind, building, floor, room));
            if (kind == '-' || kind == '、') {
                n.add(new Place(district, districtNames, road, Integer.parseInt(a + "" + b), 0, 'n', building, floor, room));
                n.add(new Place(district, districtNames, road, a, b, kind == '-' ? '、' : '-', building, floor, room));
            } else if (kind == '之') {
                n.add(new Place(district, districtNames, road, Integer.parseInt(a + "" + b), 0, 'n', building, floor, room));
                n.add(new Place(district, districtNames, road, a, 0, 'n', building, floor, room));
            } else {
                n.add(new Place(district, districtNames, road, a, a + 2, '-', building, floor, room));
            }
            if (building != null && room != null && Character.isDigit(building.charAt(0))) {
                String r = String.valueOf(room);
                n.add(new Place(district, districtNames, road, a, b, kind, building + r.charAt(0), floor,
                        Integer.parseInt(r.substring(1))));
            }
            return n;
        }

        private static String pick(Random r, String... options) {
            return options[r.nextInt(options.length)];
        }

        private static String chinese(int n) {
            String digits = "零一二三四五六七八九";
            StringBuilder s = new StringBuilder();
            for (char c : String.valueOf(n).toCharArray()) {
                s.append(digits.charAt(c - '0'));
            }
            return s.toString();
        }
    }
}
