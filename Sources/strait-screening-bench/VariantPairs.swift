// Strait — compliance gateway for cross-border fintech. Apache-2.0.
//
// Our own small labelled set of name variants (written by hand from general knowledge: names of
// public figures and common names as they are spelled in their own script and in Latin letters,
// transliteration variants, Wade–Giles and pinyin, Korean romanisations, name order, missing
// middle names). Each line is `name1 | name2 | group`; every line is a positive (the same person).
// Negatives are generated from these names in `VariantEvaluation` (random pairings, names sharing
// a surname, invented names). It is small and ours: a check on calibration, not a benchmark.

import Foundation

enum VariantPairs {
    static let text = """
        Владимир Путин | Vladimir Putin | Cyrl→Latn
        Владимир Владимирович Путин | Vladimir Putin | Cyrl→Latn
        ПУТИН Владимир Владимирович | Putin, Vladimir Vladimirovich | Cyrl→Latn
        Дмитрий Медведев | Dmitry Medvedev | Cyrl→Latn
        Дмитрий Медведев | Dmitrii Medvedev | Cyrl→Latn
        Сергей Лавров | Sergey Lavrov | Cyrl→Latn
        Сергей Лавров | Sergei Lavrov | Cyrl→Latn
        Сергей Шойгу | Sergei Shoigu | Cyrl→Latn
        Алексей Навальный | Alexei Navalny | Cyrl→Latn
        Алексей Навальный | Aleksey Navalnyy | Cyrl→Latn
        Михаил Горбачёв | Mikhail Gorbachev | Cyrl→Latn
        Борис Ельцин | Boris Yeltsin | Cyrl→Latn
        Никита Хрущёв | Nikita Khrushchev | Cyrl→Latn
        Иосиф Сталин | Iosif Stalin | Cyrl→Latn
        Лев Толстой | Lev Tolstoy | Cyrl→Latn
        Фёдор Достоевский | Fyodor Dostoevsky | Cyrl→Latn
        Фёдор Достоевский | Fedor Dostoyevsky | Cyrl→Latn
        Пётр Чайковский | Pyotr Tchaikovsky | Cyrl→Latn
        Александр Пушкин | Alexander Pushkin | Cyrl→Latn
        Александр Лукашенко | Alexander Lukashenko | Cyrl→Latn
        Аляксандр Лукашэнка | Aliaksandr Lukashenka | Cyrl→Latn
        Володимир Зеленський | Volodymyr Zelenskyy | Cyrl→Latn
        Володимир Зеленський | Volodymyr Zelensky | Cyrl→Latn
        Юлія Тимошенко | Yulia Tymoshenko | Cyrl→Latn
        Віктор Янукович | Viktor Yanukovych | Cyrl→Latn
        Петро Порошенко | Petro Poroshenko | Cyrl→Latn
        Рамзан Кадыров | Ramzan Kadyrov | Cyrl→Latn
        Ахмат Кадыров | Akhmat Kadyrov | Cyrl→Latn
        Евгений Пригожин | Yevgeny Prigozhin | Cyrl→Latn
        Евгений Пригожин | Evgeniy Prigozhin | Cyrl→Latn
        Игорь Сечин | Igor Sechin | Cyrl→Latn
        Олег Дерипаска | Oleg Deripaska | Cyrl→Latn
        Роман Абрамович | Roman Abramovich | Cyrl→Latn
        Алишер Усманов | Alisher Usmanov | Cyrl→Latn
        Геннадий Тимченко | Gennady Timchenko | Cyrl→Latn
        Геннадий Тимченко | Gennadiy Timchenko | Cyrl→Latn
        Аркадий Ротенберг | Arkady Rotenberg | Cyrl→Latn
        Михаил Фридман | Mikhail Fridman | Cyrl→Latn
        Виктор Вексельберг | Viktor Vekselberg | Cyrl→Latn
        Сергей Чемезов | Sergei Chemezov | Cyrl→Latn
        Николай Патрушев | Nikolai Patrushev | Cyrl→Latn
        Александр Бортников | Aleksandr Bortnikov | Cyrl→Latn
        Мария Захарова | Maria Zakharova | Cyrl→Latn
        Валентина Матвиенко | Valentina Matviyenko | Cyrl→Latn
        Вячеслав Володин | Vyacheslav Volodin | Cyrl→Latn
        Юрий Гагарин | Yuri Gagarin | Cyrl→Latn
        Юрий Гагарин | Yury Gagarin | Cyrl→Latn
        Андрей Сахаров | Andrei Sakharov | Cyrl→Latn
        Александр Солженицын | Aleksandr Solzhenitsyn | Cyrl→Latn
        Анна Ахматова | Anna Akhmatova | Cyrl→Latn
        Сергей Рахманинов | Sergei Rachmaninov | Cyrl→Latn
        Хусейн | Hussein | Cyrl→Latn
        Слободан Милошевић | Slobodan Milosevic | Cyrl→Latn
        Александар Вучић | Aleksandar Vucic | Cyrl→Latn
        Радован Караџић | Radovan Karadzic | Cyrl→Latn
        Ратко Младић | Ratko Mladic | Cyrl→Latn
        Бойко Борисов | Boyko Borisov | Cyrl→Latn
        Румен Радев | Rumen Radev | Cyrl→Latn
        Нурсултан Назарбаев | Nursultan Nazarbayev | Cyrl→Latn
        Касым-Жомарт Токаев | Kassym-Jomart Tokayev | Cyrl→Latn
        Ислам Каримов | Islam Karimov | Cyrl→Latn
        Эмомали Рахмон | Emomali Rahmon | Cyrl→Latn
        Ильхам Алиев | Ilham Aliyev | Cyrl→Latn
        Михаил Саакашвили | Mikheil Saakashvili | Cyrl→Latn
        Сергей Собянин | Sergey Sobyanin | Cyrl→Latn
        Шамиль Басаев | Shamil Basayev | Cyrl→Latn
        Юрий Андропов | Yuri Andropov | Cyrl→Latn
        Леонид Брежнев | Leonid Brezhnev | Cyrl→Latn
        Евгений Касперский | Eugene Kaspersky | Cyrl→Latn
        Ксения Собчак | Ksenia Sobchak | Cyrl→Latn
        Гарри Каспаров | Garry Kasparov | Cyrl→Latn
        Максим Горький | Maxim Gorky | Cyrl→Latn
        Наталья Поклонская | Natalia Poklonskaya | Cyrl→Latn
        Виктор Бут | Viktor Bout | Cyrl→Latn
        Эльвира Набиуллина | Elvira Nabiullina | Cyrl→Latn
        محمد بن سلمان | Mohammed bin Salman | Arab→Latn
        محمد بن سلمان آل سعود | Muhammad bin Salman Al Saud | Arab→Latn
        بشار الأسد | Bashar al-Assad | Arab→Latn
        بشار حافظ الأسد | Bashar Hafez al-Assad | Arab→Latn
        حافظ الأسد | Hafez al-Assad | Arab→Latn
        صدام حسين | Saddam Hussein | Arab→Latn
        صدام حسين التكريتي | Saddam Hussein al-Tikriti | Arab→Latn
        معمر القذافي | Muammar al-Qadhafi | Arab→Latn
        معمر القذافي | Muammar Gaddafi | Arab→Latn
        سيف الإسلام القذافي | Saif al-Islam Gaddafi | Arab→Latn
        أسامة بن لادن | Osama bin Laden | Arab→Latn
        أيمن الظواهري | Ayman al-Zawahiri | Arab→Latn
        حسن نصر الله | Hassan Nasrallah | Arab→Latn
        جمال عبد الناصر | Gamal Abdel Nasser | Arab→Latn
        أنور السادات | Anwar Sadat | Arab→Latn
        حسني مبارك | Hosni Mubarak | Arab→Latn
        محمد مرسي | Mohamed Morsi | Arab→Latn
        عبد الفتاح السيسي | Abdel Fattah el-Sisi | Arab→Latn
        ياسر عرفات | Yasser Arafat | Arab→Latn
        محمود عباس | Mahmoud Abbas | Arab→Latn
        إسماعيل هنية | Ismail Haniyeh | Arab→Latn
        خالد مشعل | Khaled Mashal | Arab→Latn
        يحيى السنوار | Yahya Sinwar | Arab→Latn
        أبو بكر البغدادي | Abu Bakr al-Baghdadi | Arab→Latn
        سلمان بن عبد العزيز | Salman bin Abdulaziz | Arab→Latn
        تميم بن حمد آل ثاني | Tamim bin Hamad Al Thani | Arab→Latn
        محمد بن زايد | Mohamed bin Zayed | Arab→Latn
        خليفة حفتر | Khalifa Haftar | Arab→Latn
        عمر البشير | Omar al-Bashir | Arab→Latn
        نوري المالكي | Nouri al-Maliki | Arab→Latn
        مقتدى الصدر | Muqtada al-Sadr | Arab→Latn
        قاسم سليماني | Qasem Soleimani | Arab→Latn
        قاسم سليماني | Ghasem Soleimani | Arab→Latn
        علي خامنئي | Ali Khamenei | Arab→Latn
        حسن روحاني | Hassan Rouhani | Arab→Latn
        محمود أحمدي نجاد | Mahmoud Ahmadinejad | Arab→Latn
        إبراهيم رئيسي | Ebrahim Raisi | Arab→Latn
        محمد جواد ظريف | Mohammad Javad Zarif | Arab→Latn
        عبد الملك الحوثي | Abdul-Malik al-Houthi | Arab→Latn
        زين العابدين بن علي | Zine El Abidine Ben Ali | Arab→Latn
        عبد العزيز بوتفليقة | Abdelaziz Bouteflika | Arab→Latn
        هواري بومدين | Houari Boumediene | Arab→Latn
        الحبيب بورقيبة | Habib Bourguiba | Arab→Latn
        نجيب ميقاتي | Najib Mikati | Arab→Latn
        رفيق الحريري | Rafic Hariri | Arab→Latn
        سعد الحريري | Saad Hariri | Arab→Latn
        ميشال عون | Michel Aoun | Arab→Latn
        نبيه بري | Nabih Berri | Arab→Latn
        وليد جنبلاط | Walid Jumblatt | Arab→Latn
        أبو مصعب الزرقاوي | Abu Musab al-Zarqawi | Arab→Latn
        أنور العولقي | Anwar al-Awlaki | Arab→Latn
        عبد الرحمن | Abdul Rahman | Arab→Latn
        عبد الرحمن | Abdurrahman | Arab→Latn
        عبد الرحمن | Abd al-Rahman | Arab→Latn
        عبد الله | Abdullah | Arab→Latn
        عبد الله | Abdallah | Arab→Latn
        نور الدين | Nour El Din | Arab→Latn
        نور الدين | Nureddin | Arab→Latn
        صلاح الدين | Salahuddin | Arab→Latn
        صلاح الدين | Salah al-Din | Arab→Latn
        أحمد الشرع | Ahmed al-Sharaa | Arab→Latn
        أبو محمد الجولاني | Abu Mohammad al-Julani | Arab→Latn
        حمد بن جاسم | Hamad bin Jassim | Arab→Latn
        يوسف القرضاوي | Yusuf al-Qaradawi | Arab→Latn
        فيصل | Faisal | Arab→Latn
        فيصل | Faysal | Arab→Latn
        حسين | Hussein | Arab→Latn
        حسين | Husayn | Arab→Latn
        حسين | Hossein | Arab→Latn
        يوسف | Youssef | Arab→Latn
        عمر | Umar | Arab→Latn
        عثمان | Uthman | Arab→Latn
        عثمان | Othman | Arab→Latn
        مصطفى | Mustafa | Arab→Latn
        مصطفى | Moustafa | Arab→Latn
        إبراهيم | Ibrahim | Arab→Latn
        عائشة | Aisha | Arab→Latn
        فاطمة | Fatima | Arab→Latn
        خديجة | Khadija | Arab→Latn
        سعيد | Saeed | Arab→Latn
        جعفر | Jaafar | Arab→Latn
        رشيد | Rachid | Arab→Latn
        شريف | Sharif | Arab→Latn
        محمد علي | Mohamed Ali | Arab→Latn
        أحمد شاه مسعود | Ahmad Shah Massoud | Arab→Latn
        عبد القادر | Abdelkader | Arab→Latn
        عبد الحميد | Abdul Hamid | Arab→Latn
        خالد بن الوليد | Khalid ibn al-Walid | Arab→Latn
        طارق عزيز | Tariq Aziz | Arab→Latn
        عزت إبراهيم الدوري | Izzat Ibrahim al-Douri | Arab→Latn
        علي حسن المجيد | Ali Hassan al-Majid | Arab→Latn
        عدي صدام حسين | Uday Saddam Hussein | Arab→Latn
        قصي صدام حسين | Qusay Saddam Hussein | Arab→Latn
        毛泽东 | Mao Zedong | Hani→Latn
        毛泽东 | Mao Tse-tung | Hani→Latn
        习近平 | Xi Jinping | Hani→Latn
        习近平 | Hsi Chin-p'ing | Hani→Latn
        邓小平 | Deng Xiaoping | Hani→Latn
        邓小平 | Teng Hsiao-p'ing | Hani→Latn
        周恩来 | Zhou Enlai | Hani→Latn
        周恩来 | Chou En-lai | Hani→Latn
        蒋经国 | Chiang Ching-kuo | Hani→Latn
        胡锦涛 | Hu Jintao | Hani→Latn
        江泽民 | Jiang Zemin | Hani→Latn
        江泽民 | Chiang Tse-min | Hani→Latn
        李克强 | Li Keqiang | Hani→Latn
        温家宝 | Wen Jiabao | Hani→Latn
        朱镕基 | Zhu Rongji | Hani→Latn
        朱镕基 | Chu Jung-chi | Hani→Latn
        李鹏 | Li Peng | Hani→Latn
        王毅 | Wang Yi | Hani→Latn
        王岐山 | Wang Qishan | Hani→Latn
        李强 | Li Qiang | Hani→Latn
        刘少奇 | Liu Shaoqi | Hani→Latn
        刘少奇 | Liu Shao-ch'i | Hani→Latn
        林彪 | Lin Biao | Hani→Latn
        林彪 | Lin Piao | Hani→Latn
        华国锋 | Hua Guofeng | Hani→Latn
        华国锋 | Hua Kuo-feng | Hani→Latn
        赵紫阳 | Zhao Ziyang | Hani→Latn
        赵紫阳 | Chao Tzu-yang | Hani→Latn
        胡耀邦 | Hu Yaobang | Hani→Latn
        胡耀邦 | Hu Yao-pang | Hani→Latn
        薄熙来 | Bo Xilai | Hani→Latn
        薄熙来 | Po Hsi-lai | Hani→Latn
        彭丽媛 | Peng Liyuan | Hani→Latn
        马云 | Ma Yun | Hani→Latn
        任正非 | Ren Zhengfei | Hani→Latn
        任正非 | Jen Cheng-fei | Hani→Latn
        孟晚舟 | Meng Wanzhou | Hani→Latn
        秦刚 | Qin Gang | Hani→Latn
        秦刚 | Ch'in Kang | Hani→Latn
        李登辉 | Lee Teng-hui | Hani→Latn
        陈水扁 | Chen Shui-bian | Hani→Latn
        赖清德 | Lai Ching-te | Hani→Latn
        蔡英文 | Tsai Ing-wen | Hani→Latn
        韩正 | Han Zheng | Hani→Latn
        鲁迅 | Lu Xun | Hani→Latn
        鲁迅 | Lu Hsun | Hani→Latn
        孙子 | Sun Tzu | Hani→Latn
        张学良 | Chang Hsueh-liang | Hani→Latn
        袁世凯 | Yuan Shikai | Hani→Latn
        袁世凯 | Yuan Shih-k'ai | Hani→Latn
        王沪宁 | Wang Huning | Hani→Latn
        丁薛祥 | Ding Xuexiang | Hani→Latn
        蔡奇 | Cai Qi | Hani→Latn
        蔡奇 | Ts'ai Ch'i | Hani→Latn
        王洪文 | Wang Hongwen | Hani→Latn
        王洪文 | Wang Hung-wen | Hani→Latn
        张春桥 | Zhang Chunqiao | Hani→Latn
        张春桥 | Chang Ch'un-ch'iao | Hani→Latn
        康生 | Kang Sheng | Hani→Latn
        陈云 | Chen Yun | Hani→Latn
        朱德 | Zhu De | Hani→Latn
        朱德 | Chu Teh | Hani→Latn
        Κυριάκος Μητσοτάκης | Kyriakos Mitsotakis | Grek→Latn
        Μητσοτάκης | Mitsotakis | Grek→Latn
        Αλέξης Τσίπρας | Alexis Tsipras | Grek→Latn
        Γιάνης Βαρουφάκης | Yanis Varoufakis | Grek→Latn
        Ανδρέας Παπανδρέου | Andreas Papandreou | Grek→Latn
        Γιώργος Παπανδρέου | Giorgos Papandreou | Grek→Latn
        Γιώργος Παπανδρέου | Yiorgos Papandreou | Grek→Latn
        Κωνσταντίνος Καραμανλής | Konstantinos Karamanlis | Grek→Latn
        Κωνσταντίνος Καραμανλής | Constantine Karamanlis | Grek→Latn
        Αντώνης Σαμαράς | Antonis Samaras | Grek→Latn
        Ευάγγελος Βενιζέλος | Evangelos Venizelos | Grek→Latn
        Ελευθέριος Βενιζέλος | Eleftherios Venizelos | Grek→Latn
        Μελίνα Μερκούρη | Melina Mercouri | Grek→Latn
        Νίκος Καζαντζάκης | Nikos Kazantzakis | Grek→Latn
        Μίκης Θεοδωράκης | Mikis Theodorakis | Grek→Latn
        Γιάννης Αντετοκούνμπο | Giannis Antetokounmpo | Grek→Latn
        Στέφανος Τσιτσιπάς | Stefanos Tsitsipas | Grek→Latn
        Μαρία Κάλλας | Maria Callas | Grek→Latn
        Αριστοτέλης Ωνάσης | Aristotelis Onassis | Grek→Latn
        Προκόπης Παυλόπουλος | Prokopis Pavlopoulos | Grek→Latn
        Κατερίνα Σακελλαροπούλου | Katerina Sakellaropoulou | Grek→Latn
        Νίκος Δένδιας | Nikos Dendias | Grek→Latn
        Άδωνις Γεωργιάδης | Adonis Georgiadis | Grek→Latn
        Δημήτρης Αβραμόπουλος | Dimitris Avramopoulos | Grek→Latn
        Θεόδωρος Πάγκαλος | Theodoros Pangalos | Grek→Latn
        Νίκος Αναστασιάδης | Nicos Anastasiades | Grek→Latn
        Γιάννης Στουρνάρας | Yannis Stournaras | Grek→Latn
        Ευκλείδης Τσακαλώτος | Efklidis Tsakalotos | Grek→Latn
        Ιωάννης Μεταξάς | Ioannis Metaxas | Grek→Latn
        Ιωάννης Καποδίστριας | Ioannis Kapodistrias | Grek→Latn
        Κώστας Σημίτης | Costas Simitis | Grek→Latn
        Παύλος Γιαννακόπουλος | Pavlos Giannakopoulos | Grek→Latn
        Σωκράτης Φάμελλος | Sokratis Famellos | Grek→Latn
        Χρήστος Σταϊκούρας | Christos Staikouras | Grek→Latn
        김정은 | Kim Jong Un | Hang→Latn
        김정은 | Kim Jong-un | Hang→Latn
        김정은 | Gim Jeong-eun | Hang→Latn
        김정일 | Kim Jong Il | Hang→Latn
        김일성 | Kim Il Sung | Hang→Latn
        김여정 | Kim Yo Jong | Hang→Latn
        문재인 | Moon Jae-in | Hang→Latn
        윤석열 | Yoon Suk-yeol | Hang→Latn
        이재명 | Lee Jae-myung | Hang→Latn
        박근혜 | Park Geun-hye | Hang→Latn
        박정희 | Park Chung-hee | Hang→Latn
        이명박 | Lee Myung-bak | Hang→Latn
        노무현 | Roh Moo-hyun | Hang→Latn
        김대중 | Kim Dae-jung | Hang→Latn
        김영삼 | Kim Young-sam | Hang→Latn
        전두환 | Chun Doo-hwan | Hang→Latn
        노태우 | Roh Tae-woo | Hang→Latn
        이승만 | Syngman Rhee | Hang→Latn
        반기문 | Ban Ki-moon | Hang→Latn
        최순실 | Choi Soon-sil | Hang→Latn
        정주영 | Chung Ju-yung | Hang→Latn
        이건희 | Lee Kun-hee | Hang→Latn
        이재용 | Lee Jae-yong | Hang→Latn
        손흥민 | Son Heung-min | Hang→Latn
        한덕수 | Han Duck-soo | Hang→Latn
        최룡해 | Choe Ryong Hae | Hang→Latn
        리설주 | Ri Sol Ju | Hang→Latn
        김영철 | Kim Yong Chol | Hang→Latn
        리선권 | Ri Son Gwon | Hang→Latn
        최선희 | Choe Son Hui | Hang→Latn
        박봉주 | Pak Pong Ju | Hang→Latn
        황병서 | Hwang Pyong So | Hang→Latn
        현송월 | Hyon Song Wol | Hang→Latn
        김정남 | Kim Jong Nam | Hang→Latn
        장성택 | Jang Song Thaek | Hang→Latn
        강경화 | Kang Kyung-wha | Hang→Latn
        정의용 | Chung Eui-yong | Hang→Latn
        봉준호 | Bong Joon-ho | Hang→Latn
        Mohammed Ali | Muhammad Ali | Latn variants
        Mohamad Hassan | Muhammad Hasan | Latn variants
        Mohammad Reza Pahlavi | Mohammed Reza Pahlevi | Latn variants
        Mhmd Abdallah | Mohammed Abdullah | Latn variants
        Abdul Rahman Yasin | Abd al-Rahman Yasin | Latn variants
        Abdul Aziz Rantisi | Abdelaziz Rantissi | Latn variants
        Abdel Karim Qasim | Abd al-Karim Qassem | Latn variants
        Hussein Ali | Husayn Ali | Latn variants
        Hosein Mohammadi | Hussein Muhammadi | Latn variants
        Hsyn Kamel | Hussein Kamel | Latn variants
        Yusuf Islam | Youssef Islam | Latn variants
        Youssef Ahmed | Yousef Ahmad | Latn variants
        Aleksandr Ivanov | Alexander Ivanov | Latn variants
        Sergei Ivanov | Sergey Ivanov | Latn variants
        Mikhail Khodorkovsky | Michail Chodorkowski | Latn variants
        Mikhail Khodorkovsky | Mihail Hodorkovski | Latn variants
        Dmitriy Peskov | Dmitri Peskov | Latn variants
        Yevgeny Primakov | Evgenii Primakov | Latn variants
        Khalid Mishal | Khaled Meshaal | Latn variants
        Ali Khamenei | Ali Hamenei | Latn variants
        Muammar Qaddafi | Moammar Gadhafi | Latn variants
        Muammar Qaddafi | Muammar Kadafi | Latn variants
        Osama bin Laden | Usama bin Ladin | Latn variants
        Hsi Chin-p'ing | Xi Jinping | Latn variants
        Mao Tse-tung | Mao Zedong | Latn variants
        Teng Hsiao-p'ing | Deng Xiaoping | Latn variants
        Chou En-lai | Zhou Enlai | Latn variants
        Chiang Ching-kuo | Jiang Jingguo | Latn variants
        Chu Teh | Zhu De | Latn variants
        Lee Myung-bak | Yi Myong Bak | Latn variants
        Syngman Rhee | Yi Sung Man | Latn variants
        Ri Sol Ju | Lee Seol-ju | Latn variants
        Park Geun-hye | Pak Kun Hye | Latn variants
        Park Chung-hee | Bak Jeong-hui | Latn variants
        Choi Ryong Hae | Choe Ryong Hae | Latn variants
        Kim Jong Un | Gim Jeong Eun | Latn variants
        Roh Moo-hyun | No Mu-hyon | Latn variants
        Putin Vladimir | Vladimir Putin | Latn variants
        George Walker Bush | George Bush | Latn variants
        Pyotr Tchaikovsky | Pyotr Chaikovsky | Latn variants
        Jafar Panahi | Jaafar Panahi | Latn variants
        Mustafa Kemal | Mustapha Kemal | Latn variants
        Ahmed Shah Massoud | Ahmad Shah Masood | Latn variants
        Mahmoud Abbas | Mahmud Abbas | Latn variants
        Omar Suleiman | Umar Sulayman | Latn variants
        Osman Ali | Othman Ali | Latn variants
        Uthman dan Fodio | Usman dan Fodio | Latn variants
        Faisal Hamad | Feisal Hamad | Latn variants
        Saeed Jalili | Said Jalili | Latn variants
        Ayman al-Zawahiri | Ayman el-Zawahry | Latn variants
        Hassan Nasrallah | Hasan Nasrallah | Latn variants
        Bashar al-Assad | Bashar el-Asad | Latn variants
        Abu Bakr Shekau | Abubakar Shekau | Latn variants
        Salahuddin Rabbani | Salah al-Din Rabbani | Latn variants
        Nureddin Ahmad | Nur al-Din Ahmad | Latn variants
        Abdulhamid Dbeibah | Abdul Hamid Dbeibah | Latn variants
        Abdul Hamid Dbeibah | Abd el-Hamid Dbeiba | Latn variants
        Mohammed Deif | Muhammad Dayf | Latn variants
        Abdul Rashid Dostum | Abdurrashid Dostum | Latn variants
        Gulbuddin Hekmatyar | Golboddin Hekmatyar | Latn variants
        Ahmad Shah Massoud | Ahmed Chah Massoud | Latn variants
        Yasser Arafat | Yasir Arafat | Latn variants
        Ismail Haniyeh | Ismail Haniya | Latn variants
        Muqtada al-Sadr | Moqtada Sadr | Latn variants
        Qassem Soleimani | Qasim Sulaymani | Latn variants
        Nouri al-Maliki | Nuri Kamil al-Maliki | Latn variants
        Ali Abdullah Saleh | Ali Abdallah Salih | Latn variants
        Hafez al-Assad | Hafiz al-Asad | Latn variants
        Abdel Fattah el-Sisi | Abd al-Fattah al-Sisi | Latn variants
        Yevgeny Prigozhin | Evgeniy Prigojine | Latn variants
        Aleksandr Lukashenko | Alyaksandr Lukashenka | Latn variants
        Volodymyr Zelensky | Wolodymyr Selenskyj | Latn variants
        Nikita Khrushchev | Nikita Chruschtschow | Latn variants
        Leonid Brezhnev | Leonid Breschnew | Latn variants
        Yuri Andropov | Juri Andropow | Latn variants
        Boris Yeltsin | Boris Jelzin | Latn variants
        Kim Jong Il | Kim Chong-il | Latn variants
        Kim Il Sung | Kim Il-song | Latn variants
        Lee Kun-hee | Yi Kon-hui | Latn variants
        Kim Dae-jung | Gim Dae-jung | Latn variants
        Choe Son Hui | Choi Sun-hee | Latn variants
        Jang Song Thaek | Chang Song-taek | Latn variants
        Hu Yao-pang | Hu Yaobang | Latn variants
        Lin Piao | Lin Biao | Latn variants
        Chao Tzu-yang | Zhao Ziyang | Latn variants
        Liu Shao-ch'i | Liu Shaoqi | Latn variants
        Lu Hsun | Lu Xun | Latn variants
        """

    /// The positives as (name1, name2, group).
    static var pairs: [(String, String, String)] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            return fields.count == 3 ? (fields[0], fields[1], fields[2]) : nil
        }
    }

    /// Invented given names and surnames for negatives (common names of many origins, in Latin letters).
    static let givenNames = """
        james maria anna ahmed fatima ivan olga wei li jose carlos yusuf aisha omar layla dmitri elena \
        chen hiroshi kenji min jun seo yeon nikos eleni pierre claire hans greta ali hassan karim samir \
        nadia rashid tariq leila svetlana boris igor tatiana giorgos katerina ji hoon soo jin mei ling 
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    static let surnames = """
        smith garcia novak kowalski petrov ivanova wang zhang liu chen kim park lee choi nguyen tran \
        haddad khoury mansour nasser rahimi karimi tehrani papadopoulos georgiou nikolaidis schmidt \
        muller rossi bianchi dubois martin silva santos okafor mensah abebe tanaka suzuki yamamoto \
        horvath nagy popescu yilmaz demir kaya sokolov morozov volkov kuznetsov bakr salim farouk 
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
}
